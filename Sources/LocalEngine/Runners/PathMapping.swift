/// Rewrites a container's paths into the paths of this machine that stand behind its mounts, for
/// running a template written for a container directly on this machine.
///
/// Each mount's container path is replaced wherever it appears whole: at the start of a path
/// (`/mnt/vol/x`), alone (`/mnt/vol`, `"/mnt/vol"`, `--out=/mnt/vol`), but not inside a longer
/// name (`/mnt/volume`, `/data/mnt/vol`). Longer container paths are tried first, so a mount at
/// `/mnt/vol/sub` wins over one at `/mnt/vol` for `/mnt/vol/sub/x`.
///
/// Only text written out is rewritten: a path put together while the program runs
/// (`os.path.join("/mnt", "vol")`, `"$ROOT/vol"`) still names the container's path, which does
/// not exist here. Other absolute paths (`/usr/bin/python3`, `/tmp`) are left alone: they mean
/// this machine's files.
struct PathMapping: Sendable {
  private struct Rule: Sendable {
    var containerPath: [UInt8]
    var hostPath: [UInt8]
  }

  private let rules: [Rule]

  init(_ mounts: [Mount]) {
    rules =
      mounts
      .compactMap { mount -> Rule? in
        let containerPath = Self.withoutTrailingSlash(mount.containerPath)
        // A mount at the root would rewrite every absolute path; it has no meaning here.
        guard containerPath.count > 1, containerPath.hasPrefix("/") else { return nil }
        let hostPath = Self.withoutTrailingSlash(mount.hostPath.path)
        return Rule(containerPath: Array(containerPath.utf8), hostPath: Array(hostPath.utf8))
      }
      .sorted { $0.containerPath.count > $1.containerPath.count }
  }

  var isEmpty: Bool { rules.isEmpty }

  /// `text` with every whole occurrence of a container path replaced by its host path.
  func rewrite(_ text: String) -> String {
    guard !rules.isEmpty, text.utf8.contains(UInt8(ascii: "/")) else { return text }
    let bytes = Array(text.utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    var changed = false
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "/"), index == 0 || !Self.isNameByte(bytes[index - 1]) && bytes[index - 1] != UInt8(ascii: "/"),
        let rule = rules.first(where: { matches($0.containerPath, in: bytes, at: index) })
      {
        result.append(contentsOf: rule.hostPath)
        index += rule.containerPath.count
        changed = true
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return changed ? String(decoding: result, as: UTF8.self) : text
  }

  /// Whether `path` (a container path) lies under one of the mounts.
  func covers(_ path: String) -> Bool {
    rewrite(path) != path
  }

  private func matches(_ pattern: [UInt8], in bytes: [UInt8], at start: Int) -> Bool {
    let end = start + pattern.count
    guard end <= bytes.count, bytes[start..<end].elementsEqual(pattern) else { return false }
    return end == bytes.count || bytes[end] == UInt8(ascii: "/") || !Self.isNameByte(bytes[end])
  }

  /// Bytes that continue a file name: `/mnt/vol` followed by one of these is another name.
  /// Bytes of non-ASCII characters count as letters.
  private static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"), 0x80...0xFF:
      return true
    default:
      return false
    }
  }

  private static func withoutTrailingSlash(_ path: String) -> String {
    var path = path
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    return path
  }
}

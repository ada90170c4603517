import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Unpacks tarballs and zip files into an input artifact's place as Argo's executor does
/// (`untar`, `unzip` and `unpack` in `workflow/executor/executor.go`):
///
/// - everything is extracted into a folder beside the destination (`<destination>.tmpdir`);
///   when that folder then holds a single file or folder, that one becomes the destination,
///   else the folder itself does;
/// - a tar entry whose name leads outside the destination (`../x`, or `./` itself) is refused
///   (`illegal file path`), so is a link that points outside it;
/// - of a tarball, only files, folders and symbolic links are extracted (hard links, devices
///   and fifos are skipped); folders are made 0755, files get their mode from the archive (less
///   the umask) and their modification time;
/// - of a zip file, folders and files get the entry's mode (0666 or 0777 when the archive has no
///   Unix modes).
enum ArchiveExtraction {
  static func untar(_ archive: String, to destination: String) throws(ArtifactError) {
    try unpack(to: destination) { (folder) throws(ArtifactError) in
      let reader = try TarReader(path: archive)
      while let entry = try reader.next() {
        try extract(entry, from: reader, into: folder)
      }
    }
  }

  static func unzip(_ archive: String, to destination: String) throws(ArtifactError) {
    try unpack(to: destination) { (folder) throws(ArtifactError) in
      let file = try InputFile(opening: archive)
      for entry in try ZipArchive.entries(of: file) {
        let target = PathName.join(folder, entry.name)
        guard target.hasPrefix(folder + "/") else { throw illegalPath(entry.name) }
        if entry.isDirectory {
          try makeFolders(target, mode: entry.mode)
        } else {
          try makeFolders((target as NSString).deletingLastPathComponent, mode: entry.mode)
          let output = try OutputFile(creating: target, mode: mode_t(entry.mode))
          try ZipArchive.extract(entry, from: file, to: output)
          try output.close()
        }
      }
    }
  }

  private static func illegalPath(_ name: String) -> ArtifactError {
    ArtifactError(
      "illegal file path: \(name)",
      hint:
        "Argo's executor refuses an archive entry that is not inside the artifact (\"..\", or \"./\" itself); archive the folder from its parent (tar -czf data.tgz data)"
    )
  }

  private static func unpack(to destination: String, extract: (String) throws(ArtifactError) -> Void) throws(ArtifactError) {
    let folder = PathName.clean(destination) + ".tmpdir"
    FileTree.remove(folder)
    try makeFolders(folder, mode: 0o777)
    do throws(ArtifactError) {
      try extract(folder)
      let names = try FileTree.sortedNames(in: folder)
      if names.count == 1 {
        try FileTree.move(folder + "/" + names[0], to: destination)
        FileTree.remove(folder)
      } else {
        try FileTree.move(folder, to: destination)
      }
    } catch {
      FileTree.remove(folder)
      throw error
    }
  }

  private static func makeFolders(_ path: String, mode: UInt32) throws(ArtifactError) {
    if mkdir(path, mode_t(mode)) == 0 { return }
    switch errno {
    case EEXIST:
      guard FileStatus(atPath: path, followingLinks: true)?.isDirectory == true else {
        throw ArtifactError("cannot make the folder \(path): a file of that name is in the way")
      }
    case ENOENT:
      try makeFolders((path as NSString).deletingLastPathComponent, mode: mode)
      guard mkdir(path, mode_t(mode)) == 0 || errno == EEXIST else {
        throw ArtifactError("cannot make the folder \(path): \(systemError())")
      }
    default:
      throw ArtifactError("cannot make the folder \(path): \(systemError())")
    }
  }

  private static func extract(_ entry: TarEntry, from reader: TarReader, into folder: String) throws(ArtifactError) {
    let target = PathName.join(folder, PathName.clean(entry.name))
    guard target.hasPrefix(folder + "/") else { throw illegalPath(entry.name) }
    switch entry.kind {
    case .symbolicLink:
      let linked =
        entry.linkName.hasPrefix("/") ? entry.linkName : PathName.join((target as NSString).deletingLastPathComponent, entry.linkName)
      guard PathName.clean(linked).hasPrefix(folder + "/") else {
        throw ArtifactError(
          "illegal symlink target: \(entry.name) -> \(entry.linkName)",
          hint: "Argo's executor refuses a link that points outside the artifact")
      }
      try makeFolders((target as NSString).deletingLastPathComponent, mode: 0o755)
      guard symlink(entry.linkName, target) == 0 else { throw ArtifactError("cannot make the link \(target): \(systemError())") }
    case .directory:
      try makeFolders(target, mode: 0o755)
    case .file:
      let parent = (target as NSString).deletingLastPathComponent
      if FileStatus(atPath: parent) != nil {
        // A link extracted earlier must not lead a file out of the artifact.
        let resolvedFolder = realPath(folder) ?? folder
        if let resolvedParent = realPath(parent), resolvedParent != resolvedFolder, !resolvedParent.hasPrefix(resolvedFolder + "/") {
          throw ArtifactError("illegal file path after symlink resolution: \(entry.name) resolves outside the artifact")
        }
      } else {
        try makeFolders(parent, mode: 0o755)
      }
      let output = try OutputFile(creating: target, mode: mode_t(entry.mode))
      try reader.readData { (bytes) throws(ArtifactError) in try output.write(bytes) }
      try output.close()
      var times = [timespec(tv_sec: 0, tv_nsec: omitTime), timespec(tv_sec: time_t(entry.modificationTime), tv_nsec: 0)]
      _ = utimensat(AT_FDCWD, target, &times, 0)
    default:
      break
    }
  }

  /// `UTIME_OMIT`, which C defines as an expression Swift does not import: leaves a time as it is.
  #if canImport(Darwin)
    private static let omitTime = -2
  #else
    private static let omitTime = (1 << 30) - 2
  #endif

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// Slash-separated paths cleaned as Go's `path.Clean` cleans them.
enum PathName {
  static func clean(_ path: String) -> String {
    guard !path.isEmpty else { return "." }
    let rooted = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !rooted {
          parts.append(part)
        }
        continue
      }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  static func join(_ first: String, _ second: String) -> String {
    clean(first + "/" + second)
  }

  /// The last component of a cleaned path (`/tmp/` → `tmp`), as Go's `filepath.Base`.
  static func base(_ path: String) -> String {
    let cleaned = clean(path)
    if cleaned == "/" { return "/" }
    return String(cleaned.split(separator: "/").last ?? Substring(cleaned))
  }
}

import ArgoModel
import Foundation

/// The outputs of memoized templates (`memoize`), kept across runs as Argo keeps them in a
/// ConfigMap: one JSON file per cache name in the store (`.hera/cache/<name>.json`), or in
/// memory only.
///
/// An entry is used when it is younger than the template's `maxAge`; it is written when a
/// memoized node succeeds.
public final class MemoizationCache: @unchecked Sendable {
  // `entries` is guarded by `lock`.
  private let directory: URL?
  private let lock = NSLock()
  private var entries: [String: [String: Entry]] = [:]

  struct Entry: Sendable {
    var nodeID: String
    var outputs: Outputs
    var created: Date
  }

  /// - Parameter directory: where cache files are kept; nil keeps them in memory.
  public init(directory: URL?) {
    self.directory = directory
  }

  /// The cached outputs of `key`, when an entry is younger than `maxAge`.
  func lookup(cache: String, key: String, maxAge: TimeInterval?, now: Date) -> Outputs? {
    lock.withLock {
      load(cache)
      guard let entry = entries[cache]?[key] else { return nil }
      if let maxAge, now.timeIntervalSince(entry.created) > maxAge { return nil }
      return entry.outputs
    }
  }

  /// Keeps `outputs` for `key`.
  func store(cache: String, key: String, outputs: Outputs, nodeID: String, now: Date) {
    lock.withLock {
      load(cache)
      entries[cache, default: [:]][key] = Entry(nodeID: nodeID, outputs: outputs, created: now)
      save(cache)
    }
  }

  private func file(_ cache: String) -> URL? {
    let safe = cache.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }
    return directory?.appendingPathComponent((safe.isEmpty ? "cache" : safe) + ".json")
  }

  /// Reads a cache file the first time it is needed.
  private func load(_ cache: String) {
    guard entries[cache] == nil else { return }
    entries[cache] = [:]
    guard let file = file(cache), let bytes = try? ManifestReader.readFile(file.path, maxBytes: 64 << 20),
      let values = try? ManifestReader(options: .preserving).values(bytes, source: file.path, format: .json),
      let object = values.first?.objectValue
    else { return }
    for member in object {
      guard let nodeID = member.value["nodeID"]?.stringValue, let outputsJSON = member.value["outputs"],
        let outputs = try? Outputs(json: outputsJSON, options: .preserving),
        let created = member.value["creationTimestamp"]?.stringValue.flatMap({ Time($0).date })
      else { continue }
      entries[cache]?[member.key] = Entry(nodeID: nodeID, outputs: outputs, created: created)
    }
  }

  private func save(_ cache: String) {
    guard let file = file(cache), let values = entries[cache] else { return }
    var object = JSONObject()
    for key in values.keys.sorted() {
      guard let entry = values[key] else { continue }
      object[key] = .object([
        "nodeID": .string(entry.nodeID), "outputs": entry.outputs.toJSON(), "creationTimestamp": .string(Time(entry.created).text),
      ])
    }
    do {
      try Folders.make(file.deletingLastPathComponent())
      let temporary = file.appendingPathExtension("tmp")
      try Data(ManifestWriter(format: .json).bytes(values: [.object(object)])).write(to: temporary)
      _ = rename(temporary.path, file.path)
    } catch {
      // A cache that cannot be written only costs a later run its hit.
    }
  }
}

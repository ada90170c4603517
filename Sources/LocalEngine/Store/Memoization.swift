import ArgoModel
import Foundation

/// One memoized success: the outputs a template's node gave for a key, and when.
public struct MemoizationEntry: Sendable, Equatable {
  /// The cache's name (Argo's ConfigMap, `memoize.cache.configMap.name`).
  public var cache: String
  public var key: String
  public var nodeID: String
  public var outputs: Outputs
  public var created: Date

  public init(cache: String, key: String, nodeID: String, outputs: Outputs, created: Date) {
    self.cache = cache
    self.key = key
    self.nodeID = nodeID
    self.outputs = outputs
    self.created = created
  }
}

/// The outputs of memoized templates (`memoize`) a run can use, by cache and key: a value the
/// scheduler reads and adds to, and the engine reads from and writes to the store
/// (`MemoizationStore`), so that the scheduler itself does no I/O.
///
/// An entry is used when it is younger than the template's `maxAge`.
public struct MemoizedOutputs: Sendable {
  private var entries: [String: [String: MemoizationEntry]] = [:]

  public init(_ entries: [MemoizationEntry] = []) {
    for entry in entries { record(entry) }
  }

  /// The outputs kept for `key`, when its entry is younger than `maxAge`.
  public func lookup(cache: String, key: String, maxAge: TimeInterval?, now: Date) -> Outputs? {
    guard let entry = entries[cache]?[key] else { return nil }
    if let maxAge, now.timeIntervalSince(entry.created) > maxAge { return nil }
    return entry.outputs
  }

  /// Keeps an entry, in place of an older one for its key.
  public mutating func record(_ entry: MemoizationEntry) {
    entries[entry.cache, default: [:]][entry.key] = entry
  }

  /// The entries of one cache, by key.
  func entries(of cache: String) -> [String: MemoizationEntry] { entries[cache] ?? [:] }
}

/// Where memoized outputs are kept across runs, as Argo keeps them in a ConfigMap: one JSON
/// file per cache name in the store (`.hera/cache/<name>.json`).
public struct MemoizationStore: Sendable {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  /// Every entry of every cache kept; a file that cannot be read holds none.
  public func load() -> MemoizedOutputs {
    var loaded = MemoizedOutputs()
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for file in files.sorted() where file.hasSuffix(".json") {
      for entry in read(directory.appendingPathComponent(file)) { loaded.record(entry) }
    }
    return loaded
  }

  /// Adds an entry to its cache's file (read again first: another run may have added to it).
  public func save(_ entry: MemoizationEntry) throws {
    let file = self.file(entry.cache)
    var cache = MemoizedOutputs(read(file))
    cache.record(entry)
    var object = JSONObject()
    let entries = cache.entries(of: entry.cache)
    for key in entries.keys.sorted() {
      guard let kept = entries[key] else { continue }
      object[key] = .object([
        "cache": .string(kept.cache), "nodeID": .string(kept.nodeID), "outputs": kept.outputs.toJSON(),
        "creationTimestamp": .string(Time(kept.created).text),
      ])
    }
    try Folders.make(directory)
    let temporary = file.appendingPathExtension("tmp")
    try Data(ManifestWriter(format: .json).bytes(values: [.object(object)])).write(to: temporary)
    guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
  }

  private func file(_ cache: String) -> URL {
    let safe = cache.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }
    return directory.appendingPathComponent((safe.isEmpty ? "cache" : safe) + ".json")
  }

  private func read(_ file: URL) -> [MemoizationEntry] {
    guard let bytes = try? ManifestReader.readFile(file.path, maxBytes: 64 << 20),
      let values = try? ManifestReader(options: .preserving).values(bytes, source: file.path, format: .json),
      let object = values.first?.objectValue
    else { return [] }
    // Files written before entries named their cache are named after it.
    let fileCache = String(file.deletingPathExtension().lastPathComponent)
    return object.compactMap { member in
      guard let nodeID = member.value["nodeID"]?.stringValue, let outputsJSON = member.value["outputs"],
        let outputs = try? Outputs(json: outputsJSON, options: .preserving),
        let created = member.value["creationTimestamp"]?.stringValue.flatMap({ Time($0).date })
      else { return nil }
      return MemoizationEntry(
        cache: member.value["cache"]?.stringValue ?? fileCache, key: member.key, nodeID: nodeID, outputs: outputs, created: created)
    }
  }
}

import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The folder of local runs (`.hera` under the working directory by default):
///
/// ```
/// .hera/
///   runs/<workflow>/workflow.json        the workflow with its status, as Argo keeps it
///   runs/<workflow>/nodes/<node id>/     each node's log (main.log, once it wrote a line), script, scratch space
///   runs/<workflow>/tmp/                 TMPDIR of the run's host processes
///   runs/<workflow>/artifacts/<key>      artifacts the run produced, as Argo stores them:
///                                        <workflow>/<pod>/<name>.tgz by default
///   runs/<workflow>/volumes/<name>/      emptyDirs and volumeClaimTemplates of this run
///   volumes/<claim>/                     persistent volume claims, kept across runs
///   cache/<name>.json                    outputs of memoized templates, by key
/// ```
///
/// The status is written atomically (a temporary file renamed over the old one), so a crash
/// never leaves a half-written status; what a node wrote is in its folder before its status
/// says it succeeded.
public struct RunStore: Sendable {
  public let root: URL
  /// `root`'s path: paths of the store are joined as text, with their kind given, since
  /// `URL.appendingPathComponent` asks the file system whether each is a folder (a run of many
  /// pods built dozens of paths per pod).
  private let rootPath: String

  public init(root: URL) {
    self.root = root
    rootPath = root.standardizedFileURL.path
  }

  private func path(_ components: String..., folder: Bool) -> URL {
    URL(fileURLWithPath: ([rootPath] + components).joined(separator: "/"), isDirectory: folder)
  }

  /// `.hera` under the current directory.
  public static var standard: RunStore { RunStore(workFolder: nil) }

  /// `.hera` under `workFolder`, or under the current directory.
  public init(workFolder: String?) {
    let folder = URL(fileURLWithPath: workFolder ?? FileManager.default.currentDirectoryPath, isDirectory: true)
    self.init(root: folder.appendingPathComponent(".hera"))
  }

  public func runDirectory(_ name: String) -> URL { path("runs", name, folder: true) }
  public func statusFile(_ name: String) -> URL { path("runs", name, "workflow.json", folder: false) }
  public func nodeDirectory(_ name: String, nodeID: String) -> URL { path("runs", name, "nodes", nodeID, folder: true) }
  public func logFile(_ name: String, nodeID: String) -> URL { path("runs", name, "nodes", nodeID, "main.log", folder: false) }
  public func artifactDirectory(_ name: String) -> URL { path("runs", name, "artifacts", folder: true) }
  /// The folder host processes get as `TMPDIR`.
  public func temporaryDirectory(_ name: String) -> URL { path("runs", name, "tmp", folder: true) }
  public func runVolume(_ name: String, volume: String) -> URL { path("runs", name, "volumes", volume, folder: true) }
  /// A persistent volume claim's folder: the same for every run, as a real claim is.
  public func claimVolume(_ claim: String) -> URL { path("volumes", claim, folder: true) }

  /// Whether a run of this name exists.
  public func exists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: statusFile(name).path)
  }

  /// Writes the workflow and its status atomically: a temporary file renamed over the old
  /// one, removed when it cannot be written in full.
  ///
  /// - Throws: `RunStoreError` saying which file could not be written and why (`No space left
  ///   on device`); the status saved before stays as it was.
  public func save(_ workflow: Workflow) throws(RunStoreError) {
    guard let name = workflow.metadata.name else { return }
    let directory = runDirectory(name)
    do {
      try Folders.make(directory)
    } catch {
      throw RunStoreError("cannot save the run's state in \(error.path): \(error.reason)")
    }
    let bytes = ManifestWriter(format: .json).bytes(values: [workflow.toJSON()])
    let temporary = directory.appendingPathComponent(".workflow.json.\(getpid()).tmp").path
    do {
      try StoreFile.write(bytes, to: temporary)
    } catch {
      unlink(temporary)
      throw RunStoreError("cannot save the run's state in \(statusFile(name).path): \(error.reason)")
    }
    if rename(temporary, statusFile(name).path) != 0 {
      let code = errno
      unlink(temporary)
      throw RunStoreError("cannot save the run's state in \(statusFile(name).path): \(String(cString: strerror(code)))")
    }
  }

  /// Reads a run back.
  public func load(_ name: String) throws -> Workflow {
    let file = statusFile(name)
    guard FileManager.default.fileExists(atPath: file.path) else {
      let known = runs().map(\.name)
      let suggestion = Spelling.closest(to: name, among: known).map { "did you mean \($0)? " } ?? ""
      throw RunStoreError(
        "no local run named \(name) in \(root.path)", hint: "\(suggestion)hera list --local shows the runs of this folder")
    }
    do {
      return try ManifestReader(options: .preserving).decode(
        Workflow.self, from: try ManifestReader.readFile(file.path, maxBytes: 1 << 30), format: .json)
    } catch {
      throw RunStoreError("the run \(name) cannot be read: \(error)", hint: "its status file is \(file.path)")
    }
  }

  /// The runs of this folder, newest first.
  public func runs() -> [(name: String, modified: Date)] {
    let folder = root.appendingPathComponent("runs")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.compactMap { name in
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: statusFile(name).path),
        let modified = attributes[.modificationDate] as? Date
      else { return nil }
      return (name, modified)
    }.sorted { $0.modified > $1.modified }
  }

  /// The names of every folder of runs, readable or not, newest first: `hera list --local`
  /// lists each, with why when it cannot be read.
  public func runFolders() -> [String] {
    let folder = root.appendingPathComponent("runs")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.compactMap { name -> (String, Date)? in
      guard !name.hasPrefix("."),
        let attributes = try? FileManager.default.attributesOfItem(atPath: runDirectory(name).path),
        attributes[.type] as? FileAttributeType == .typeDirectory
      else { return nil }
      let status = try? FileManager.default.attributesOfItem(atPath: statusFile(name).path)
      return (name, (status ?? attributes)[.modificationDate] as? Date ?? .distantPast)
    }.sorted { $0.1 > $1.1 }.map(\.0)
  }
}

/// Why a run's folder could not be read or written, or why a run cannot be claimed.
public struct RunStoreError: ExplainedError {
  public var message: String
  public var hint: String?
  /// The process that runs the run now, when that is why it was refused (0 when its id could
  /// not be read).
  public var heldBy: Int32?

  public init(_ message: String, hint: String? = nil, heldBy: Int32? = nil) {
    self.message = message
    self.hint = hint
    self.heldBy = heldBy
  }
}

/// Writing a file of the store whole, with every failure reported: a short write or a failing
/// `close` (where some file systems say the disk is full) is an error, not a quiet loss.
enum StoreFile {
  struct Failure: Error {
    var path: String
    var reason: String
  }

  static func write(_ data: Data, to path: String) throws(RunStoreError) {
    let failure = data.withUnsafeBytes { write($0, to: path) }
    if let failure { throw RunStoreError("cannot write \(failure.path): \(failure.reason)") }
  }

  static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
    if let failure = bytes.withUnsafeBytes({ write($0, to: path) }) { throw failure }
  }

  /// Writes `buffer` as the whole of the file; the failure, or nil.
  private static func write(_ buffer: UnsafeRawBufferPointer, to path: String) -> Failure? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return Failure(path: path, reason: String(cString: strerror(errno))) }
    var offset = 0
    while offset < buffer.count {
      let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if written < 0 {
        let code = errno
        if code == EINTR { continue }
        _ = closeDescriptor(descriptor)
        return Failure(path: path, reason: String(cString: strerror(code)))
      }
      offset += written
    }
    if closeDescriptor(descriptor) != 0 { return Failure(path: path, reason: String(cString: strerror(errno))) }
    return nil
  }
}

/// `write(2)`, named so that `StoreFile`'s own `write` does not hide it.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

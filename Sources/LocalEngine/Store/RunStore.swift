import ArgoModel
import Foundation

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

  /// Writes the workflow and its status atomically.
  public func save(_ workflow: Workflow) throws {
    guard let name = workflow.metadata.name else { return }
    let directory = runDirectory(name)
    try Folders.make(directory)
    let bytes = ManifestWriter(format: .json).bytes(values: [workflow.toJSON()])
    let temporary = directory.appendingPathComponent(".workflow.json.\(getpid()).tmp")
    try Data(bytes).write(to: temporary)
    if rename(temporary.path, statusFile(name).path) != 0 {
      let code = errno
      try? FileManager.default.removeItem(at: temporary)
      throw RunStoreError("cannot write \(statusFile(name).path): \(String(cString: strerror(code)))")
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
      return try ManifestReader(options: .preserving).decode(Workflow.self, from: try ManifestReader.readFile(file.path, maxBytes: 1 << 30), format: .json)
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
}

/// Why a run's folder could not be read or written.
public struct RunStoreError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

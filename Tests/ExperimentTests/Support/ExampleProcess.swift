import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// An example experiment run as a user runs it: the built executable, in a folder of its own,
/// with an environment made for the test (HOME in the folder, a plain PATH, KUBECONFIG pointing
/// nowhere, no ARGO_* variable) and the variables the test adds.
///
/// At most ``limit`` examples run at once across the whole suite: the machines that run it
/// have two cores, shared with the other tests.
struct ExampleProcess {
  static let limit = 2
  static let slots = Slots(limit: limit)

  /// A token the stand-in servers accept, which must appear in no output.
  static let secret = "lyon-secret-token-value"
  static let token = "Bearer v2:\(secret)"

  let folder: TemporaryFolder

  init(_ name: String) throws {
    folder = try TemporaryFolder(prefix: "experiment-\(name)")
  }

  /// The environment every run starts from.
  var baseEnvironment: [String: String] {
    ["HOME": folder.path("home"), "PATH": "/usr/local/bin:/usr/bin:/bin", "KUBECONFIG": folder.path("no-kubeconfig")]
  }

  /// Runs the example `name` with `arguments`, in `directory` (default: the test's folder),
  /// with the base environment and `environment` over it (a value of "" removes a variable).
  func run(
    _ name: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
  ) async throws -> Executable.Result {
    var full = baseEnvironment.merging(environment) { $1 }
    full = full.filter { !$0.value.isEmpty }
    let place = URL(fileURLWithPath: directory ?? folder.url.path)
    try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
    await Self.slots.acquire()
    let result: Executable.Result
    do {
      result = try await Executable.launch(name, arguments, in: place, environment: full)
    } catch {
      await Self.slots.release()
      throw error
    }
    await Self.slots.release()
    #expect(!result.standardOutput.contains(Self.secret), "the token leaked to standard output")
    #expect(!result.standardError.contains(Self.secret), "the token leaked to standard error")
    return result
  }

  /// The folder standing for a volume claim on this machine (under `workFolder`, default the
  /// test's folder).
  func volume(_ claim: String, in workFolder: String? = nil) -> String {
    (workFolder ?? folder.url.path) + "/.hera/volumes/" + claim
  }

  /// The text of a file, or nil.
  func text(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The regular files under a folder, by path relative to it, sorted.
  func files(under folder: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
    }
    return files.sorted()
  }

  /// A file under the volume, as the layout names it inside containers: `mountPath` is
  /// replaced by the claim's folder here.
  func onVolume(_ containerPath: String, claim: String, mountPath: String, in workFolder: String? = nil) -> String {
    precondition(containerPath.hasPrefix(mountPath), "\(containerPath) is not under \(mountPath)")
    return volume(claim, in: workFolder) + containerPath.dropFirst(mountPath.count)
  }

  /// The runs of `.hera/runs` (under `workFolder`), by name.
  func runs(in workFolder: String? = nil) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: (workFolder ?? folder.url.path) + "/.hera/runs")) ?? []).sorted()
  }

  /// A run as its `workflow.json` holds it.
  func workflow(ofRun name: String, in workFolder: String? = nil) throws -> Workflow {
    let path = (workFolder ?? folder.url.path) + "/.hera/runs/\(name)/workflow.json"
    let data = try #require(FileManager.default.contents(atPath: path), "no \(path)")
    return try Workflow(json: try ManifestReader().values(Array(data), format: .json)[0], options: .preserving)
  }

  /// The nodes of a run: display name → (type, phase).
  func nodes(ofRun name: String, in workFolder: String? = nil) throws -> [String: (type: String, phase: String)] {
    var nodes: [String: (type: String, phase: String)] = [:]
    for node in (try workflow(ofRun: name, in: workFolder).status?.nodes ?? [:]).values {
      nodes[node.displayName ?? node.name] = (node.type, node.phase ?? "")
    }
    return nodes
  }

  func remove() { folder.remove() }
}

/// A counting semaphore for async code: at most `limit` holders at once, the others waiting in
/// order.
actor Slots {
  let limit: Int
  private var used = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) {
    self.limit = limit
  }

  func acquire() async {
    if used < limit {
      used += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      used -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}

extension String {
  /// The lines of a text, without the empty last one.
  var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}

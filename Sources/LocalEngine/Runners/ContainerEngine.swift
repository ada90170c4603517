import Foundation
import Synchronization

/// A container engine's command line, podman or docker, found on `PATH` and known to answer.
///
/// The engine is driven only through its CLI: no socket, no API version to agree on. Finding one
/// runs a short command that needs the engine to work (`podman info`, `docker version` with its
/// server part), with a time limit, so that a docker client without a daemon, or one whose daemon
/// hangs, is reported as unusable rather than holding up the run.
///
/// ```swift
/// if let engine = await ContainerEngine.detect(preferring: .podman) {
///   let present = await engine.imageExists("python:3.12")
/// }
/// ```
public struct ContainerEngine: Sendable {
  /// Which engine a command line belongs to; they differ in a few commands and messages.
  public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case podman
    case docker

    public var description: String { rawValue }
  }

  /// podman or docker.
  public let kind: Kind
  /// The absolute path of the engine's executable.
  public let executablePath: String

  /// Whether images are present, by name, as first asked.
  private let imagePresence: ImagePresenceCache

  init(kind: Kind, executablePath: String) {
    self.kind = kind
    self.executablePath = executablePath
    self.imagePresence = ImagePresenceCache()
  }

  /// How long an engine has to answer the check that finds it.
  public static let defaultProbeTimeout = Duration.seconds(5)

  /// Finds a usable engine: `preferring` first when given, then the others (podman before
  /// docker).
  ///
  /// - Parameters:
  ///   - preferring: the engine to try first.
  ///   - path: the directories to look in, separated by `:`, as in `PATH`; this program's
  ///     `PATH` by default.
  ///   - timeout: how long each engine has to answer.
  /// - Returns: the first engine that is on `path` and answers, or nil when none does.
  public static func detect(
    preferring: Kind? = nil, path: String = ProcessInfo.processInfo.environment["PATH"] ?? "",
    timeout: Duration = defaultProbeTimeout
  ) async -> ContainerEngine? {
    var order = Kind.allCases
    if let preferring {
      order.removeAll { $0 == preferring }
      order.insert(preferring, at: 0)
    }
    for kind in order {
      if case .success(let engine) = await locate(kind, path: path, timeout: timeout) { return engine }
    }
    return nil
  }

  /// Finds one engine and checks that it answers, or says why it cannot be used.
  ///
  /// - Parameters:
  ///   - kind: podman or docker.
  ///   - path: the directories to look in, as in `PATH`.
  ///   - timeout: how long the engine has to answer.
  /// - Returns: the engine, or a ``RunnerError`` saying what is wrong with it (not on `PATH`, no
  ///   answer in time, an error from the engine) and what to try.
  public static func locate(
    _ kind: Kind, path: String = ProcessInfo.processInfo.environment["PATH"] ?? "", timeout: Duration = defaultProbeTimeout
  ) async -> Result<ContainerEngine, RunnerError> {
    guard case .success(let executable) = HostRunner.findExecutable(kind.rawValue, path: path, workingDirectory: "/") else {
      return .failure(RunnerError("\(kind) is not on PATH", hint: "install \(kind), or use --runner host"))
    }
    let arguments: [String]
    switch kind {
    case .podman: arguments = ["info", "--format", "{{.Host.OCIRuntime.Name}}"]
    // The client alone answers `version` without a daemon; asking for the server's version
    // needs the daemon.
    case .docker: arguments = ["version", "--format", "{{.Server.Version}}"]
    }
    let result: CommandResult
    do {
      result = try await ChildProcess.runCommand(executable, arguments, timeout: timeout)
    } catch {
      return .failure(RunnerError("\(kind) at \(executable) could not be started: \(error)", hint: "use --runner host"))
    }
    if result.timedOut {
      let why = kind == .docker ? "is the Docker daemon running?" : "is its storage locked by another podman?"
      return .failure(
        RunnerError(
          "\(kind) at \(executable) did not answer `\(kind) \(arguments[0])` within \(timeout)", hint: "\(why) Or use --runner host"))
    }
    let answer = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    guard result.exitCode == 0, !answer.isEmpty else {
      let said = result.standardError.split(separator: "\n").last.map { ": \($0)" } ?? ""
      let hint = kind == .docker ? "is the Docker daemon running? Or use --runner host" : "use --runner host"
      return .failure(
        RunnerError("\(kind) at \(executable) is not usable (`\(kind) \(arguments[0])` exited with \(result.exitCode)\(said))", hint: hint))
    }
    return .success(ContainerEngine(kind: kind, executablePath: executable))
  }

  /// Whether the engine has `image` in its local store (nothing is pulled). The answer is kept
  /// for each image, so that a run asks once.
  public func imageExists(_ image: String) async -> Bool {
    if let known = imagePresence.answer(for: image) { return known }
    let arguments: [String]
    switch kind {
    case .podman: arguments = ["image", "exists", image]
    case .docker: arguments = ["image", "inspect", "--format", "{{.Id}}", image]
    }
    EngineLog.logger.trace("\(kind) \(arguments.joined(separator: " "))")
    let result = try? await ChildProcess.runCommand(executablePath, arguments, timeout: .seconds(30))
    guard let result, !result.timedOut else { return false }
    let exists = result.exitCode == 0
    // A cancelled check says nothing about the image: it is not remembered.
    if !Task.isCancelled { imagePresence.remember(exists, for: image) }
    return exists
  }

  /// Runs a short command of the engine's (`kill`, `rm`), giving up after `timeout`.
  func command(_ arguments: [String], timeout: Duration = .seconds(15)) async -> CommandResult? {
    EngineLog.logger.trace("\(kind) \(arguments.joined(separator: " "))")
    return try? await ChildProcess.runCommand(executablePath, arguments, timeout: timeout)
  }
}

/// The images an engine has been asked about, and its answers.
private final class ImagePresenceCache: Sendable {
  private let answers = Mutex<[String: Bool]>([:])

  func answer(for image: String) -> Bool? {
    answers.withLock { $0[image] }
  }

  func remember(_ exists: Bool, for image: String) {
    answers.withLock { $0[image] = exists }
  }
}

import Foundation
import Synchronization

/// Runs each pod in a container when it can, else on this machine.
///
/// For every pod it asks the container engine, when there is one, whether the pod's image is in
/// its store: if so the pod runs in a container (``ContainerRunner``), otherwise as a process
/// here (``HostRunner``). Images are never pulled. The choice is reported, once for each
/// template and way of running, in a sentence for the person watching the run:
///
/// ```
/// template "flip": image python:alpine3.6 is not here; running on this machine (host)
/// template "print": image localhost/hera-test-busybox:1 is here; running it with podman
/// ```
///
/// The pod's image is taken as it is: `--image-map` is applied before a pod reaches a runner.
public struct AutoRunner: PodRunner {
  /// The runner for pods whose image is not here.
  public let host: HostRunner
  /// The runner for pods whose image is here; nil when no engine is usable.
  public let container: ContainerRunner?
  /// The `--image-map` in force, to say which images came from it.
  public let imageMap: ImageMap
  private let report: @Sendable (String) -> Void
  private let reported: ReportedChoices

  public var name: String { "auto" }

  /// - Parameters:
  ///   - host: runs the pods whose image is not here.
  ///   - container: runs the pods whose image is here; nil to run every pod on this machine.
  ///   - imageMap: the `--image-map` in force (already applied to the pods' images); reports
  ///     say which images came from it.
  ///   - report: told which runner a template's pods use, once for each template (and again if
  ///     the choice changes for it).
  public init(
    host: HostRunner = HostRunner(), container: ContainerRunner?, imageMap: ImageMap = ImageMap(),
    report: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.host = host
    self.container = container
    self.imageMap = imageMap
    self.report = report
    self.reported = ReportedChoices()
  }

  /// Runs the pod with the runner its image calls for; see ``HostRunner/run(_:)`` and
  /// ``ContainerRunner/run(_:)`` for what they return and throw.
  public func run(_ pod: PodRequest) async throws -> PodOutcome {
    try Task.checkCancellation()
    let runner = try await choose(for: pod)
    return try await runner.run(pod)
  }

  /// The runner for `pod`, reported the first time it is chosen for the pod's template.
  /// - Throws: `CancellationError` when cancelled while the engine was asked about the image.
  func choose(for pod: PodRequest) async throws -> any PodRunner {
    let (runner, sentence): (any PodRunner, String)
    let image = imageMap.produces(pod.image) ? "\(pod.image) (from --image-map)" : pod.image
    if let container {
      let imageIsHere = await container.engine.imageExists(pod.image)
      try Task.checkCancellation()
      if imageIsHere {
        (runner, sentence) = (container, "image \(image) is here; running it with \(container.name)")
      } else {
        (runner, sentence) = (host, "image \(image) is not here; running on this machine (host)")
      }
    } else {
      (runner, sentence) = (host, "no container engine (podman, docker) is usable; running on this machine (host)")
    }
    if reported.isFirst(template: pod.templateName, runner: runner.name) {
      report("template \"\(pod.templateName)\": \(sentence)")
    }
    return runner
  }
}

/// The templates whose runner has been reported.
private final class ReportedChoices: Sendable {
  private let seen = Mutex<Set<[String]>>([])

  func isFirst(template: String, runner: String) -> Bool {
    seen.withLock { $0.insert([template, runner]).inserted }
  }
}

/// How a local run runs its pods, as chosen with `--runner`.
public enum RunnerKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// In a container when the image is here (podman first, then docker), else on this machine.
  case auto
  /// Every pod as a process on this machine.
  case host
  /// Every pod in a podman container.
  case podman
  /// Every pod in a docker container.
  case docker

  public var description: String { rawValue }

  /// Reads a runner's name, in any case (`auto`, `host`, `podman`, `docker`).
  /// - Throws: ``RunnerKindError`` for another name, listing the valid ones.
  public init(parsing text: String) throws(RunnerKindError) {
    let name = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard let kind = RunnerKind(rawValue: name) else { throw RunnerKindError(given: text) }
    self = kind
  }
}

/// A `--runner` value that names no runner.
public struct RunnerKindError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The value as given.
  public let given: String

  public var description: String {
    "unknown runner \"\(given)\": use one of \(RunnerKind.allCases.map(\.rawValue).joined(separator: ", "))"
  }
}

/// Makes the runner `kind` names.
///
/// - Parameters:
///   - kind: auto, host, podman or docker.
///   - imageMap: the `--image-map` entries in force; they are applied to pods before they reach
///     the runner, and are used here only to word what is reported (auto only).
///   - gracePeriod: the time between SIGTERM and SIGKILL when a pod is stopped.
///   - path: where to look for podman and docker, as in `PATH`.
///   - report: told which runner each template's pods use (auto only).
/// - Returns: a ``HostRunner``, a ``ContainerRunner`` or an ``AutoRunner``.
/// - Throws: `RunnerError` when podman or docker is asked for and cannot be used, saying why.
public func makeRunner(
  kind: RunnerKind, imageMap: ImageMap = ImageMap(), entrypoints: ImageEntrypoints = ImageEntrypoints(),
  gracePeriod: Duration = .seconds(5),
  path: String = ProcessInfo.processInfo.environment["PATH"] ?? "", report: @escaping @Sendable (String) -> Void = { _ in }
) async throws -> any PodRunner {
  switch kind {
  case .host:
    return HostRunner(gracePeriod: gracePeriod, entrypoints: entrypoints)
  case .podman, .docker:
    let engineKind: ContainerEngine.Kind = kind == .podman ? .podman : .docker
    switch await ContainerEngine.locate(engineKind, path: path) {
    case .success(let engine):
      return ContainerRunner(engine: engine, gracePeriod: gracePeriod)
    case .failure(let problem):
      throw RunnerError("--runner \(kind): \(problem.message)", hint: problem.hint)
    }
  case .auto:
    let engine = await ContainerEngine.detect(path: path)
    let container = engine.map { ContainerRunner(engine: $0, gracePeriod: gracePeriod) }
    return AutoRunner(
      host: HostRunner(gracePeriod: gracePeriod, entrypoints: entrypoints), container: container, imageMap: imageMap, report: report)
  }
}

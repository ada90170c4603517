import ArgumentParser
import LocalEngine

/// `--image-map FROM=TO` entries.
struct ImageMapping: Sendable {
  private var entries: [String: String] = [:]

  init(_ arguments: [String]) throws {
    for argument in arguments {
      let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError("--image-map \(argument): expected FROM=TO, e.g. python:3.12=localhost/python:3.12")
      }
      entries[parts[0]] = parts[1]
    }
  }

  func map(_ image: String) -> String { entries[image] ?? image }
}

/// The runner `--runner` names.
enum RunnerFactory {
  static func make(_ kind: String, report: @escaping @Sendable (String) -> Void) async throws -> any PodRunner {
    switch kind {
    case "host", "auto":
      return HostRunner()
    default:
      throw ValidationError("--runner \(kind): expected auto, host, podman or docker")
    }
  }
}

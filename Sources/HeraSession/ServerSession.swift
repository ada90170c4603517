import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// What every command that talks to the Argo Server shares: the settings, a client, the
/// namespace, and one way of reporting a failure with its exit code.
///
/// Exit codes: 1 the workflow failed, or the server refused what it was sent (invalid, a name
/// taken); the others as `hera check` gives them (2 settings, 3 name resolution, 4 unreachable,
/// 5 timeout, 6 TLS, 7 HTTP/HTTPS mismatch, 8 unauthorized, 9 forbidden, 10 not found,
/// 11 server error).
package struct ServerSession {
  package let settings: HeraSettings
  package let client: ArgoClient
  package var namespace: String { settings.namespace.value }

  /// Resolves the settings (minting a token for the service account when none is set) and
  /// makes a client, or prints why not and exits.
  package static func open(_ options: HeraOptions) async throws -> ServerSession {
    let settings = try await ServerSession.settings(options)
    guard let connection = settings.argoConnection else {
      Terminal.standardError.write(
        "error: no Argo Server is configured\n  hint: set ARGO_SERVER (or --argo-server, or argo_server in hera.config); hera config shows the settings and where they come from\n")
      throw ExitCode(FailureClass.settings.exitCode)
    }
    do {
      return ServerSession(settings: settings, client: try ArgoClient(connection))
    } catch {
      throw ServerSession.fail(error)
    }
  }

  /// The settings, their warnings printed, with a token minted for the service account when
  /// none is set; exits with the settings' code when they cannot be used.
  package static func settings(_ options: HeraOptions, extraKeys: [String] = []) async throws -> HeraSettings {
    var settings: HeraSettings
    do {
      settings = try options.settings(extraKeys: extraKeys)
    } catch {
      Terminal.standardError.write("error: \(error)\n")
      throw ExitCode(FailureClass.settings.exitCode)
    }
    for warning in settings.warnings { Terminal.standardError.write("warning: \(warning)\n") }
    if settings.argoToken == nil, settings.serviceAccount != nil, settings.argoServer != nil {
      do {
        settings = try await settings.mintingToken()
      } catch {
        Terminal.standardError.write("warning: no token, and none could be minted for the service account: \(error)\n")
      }
    }
    return settings
  }

  /// A session with settings resolved already, or exit 2 when they name no Argo Server.
  package static func open(settings: HeraSettings) throws -> ServerSession {
    guard let connection = settings.argoConnection else {
      Terminal.standardError.write(
        "error: no Argo Server is configured\n  hint: set ARGO_SERVER (or --argo-server, or argo_server in hera.config); --print-config shows the settings and where they come from\n")
      throw ExitCode(FailureClass.settings.exitCode)
    }
    do {
      return ServerSession(settings: settings, client: try ArgoClient(connection))
    } catch {
      throw ServerSession.fail(error)
    }
  }

  /// Runs `body` with the session, reporting an `ArgoError` as the command's failure, and
  /// closes the client in every case.
  package static func run<Result>(_ options: HeraOptions, _ body: (ServerSession) async throws -> Result) async throws -> Result {
    try await run(session: try await open(options), body)
  }

  /// As `run(_:_:)`, with settings resolved already.
  package static func run<Result>(settings: HeraSettings, _ body: (ServerSession) async throws -> Result) async throws -> Result {
    try await run(session: try open(settings: settings), body)
  }

  private static func run<Result>(session: ServerSession, _ body: (ServerSession) async throws -> Result) async throws -> Result {
    do {
      let result = try await body(session)
      await session.client.shutdown()
      return result
    } catch let error as ArgoError {
      await session.client.shutdown()
      throw fail(error)
    } catch {
      await session.client.shutdown()
      throw error
    }
  }

  /// Prints an Argo error and gives the exit code for it.
  package static func fail(_ error: ArgoError) -> ExitCode {
    Terminal.standardError.write(message(error))
    return ExitCode(exitCode(error))
  }

  package static func message(_ error: ArgoError) -> String {
    var text = "error: \(error.message)\n"
    if let hint = error.hint { text += "  hint: \(hint)\n" }
    return text
  }

  package static func exitCode(_ error: ArgoError) -> Int32 {
    switch error.kind {
    case .invalid, .conflict: return 1
    default: return FailureClass.of(error).exitCode
    }
  }
}

/// The output formats of commands that show server objects.
package enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
  /// A table or a summary, for people.
  case table
  /// More columns.
  case wide
  /// Names only, one per line, for scripts.
  case name
  case json
  case yaml

  package static var allValueStrings: [String] { ["wide", "name", "json", "yaml"] }
}

/// Writes server objects as `-o` asks: names, JSON or YAML (a list when there are several).
package enum ObjectOutput {
  package static func write<Resource: ArgoResource>(_ objects: [Resource], as format: ObjectFormat, single: Bool) {
    switch format {
    case .name:
      Terminal.standardOutput.write(objects.map { ($0.metadata.name ?? "") + "\n" }.joined())
    case .json, .yaml:
      let writer = ManifestWriter(format: format == .json ? .json : .yaml)
      if single, let object = objects.first, objects.count == 1 {
        Terminal.standardOutput.write(writer.bytes(values: [object.toJSON()]))
      } else if format == .json {
        Terminal.standardOutput.write(writer.bytes(values: [.array(objects.map { $0.toJSON() })]))
      } else {
        Terminal.standardOutput.write(writer.bytes(values: objects.map { $0.toJSON() }))
      }
    case .table, .wide:
      break
    }
  }
}

/// Columns aligned with spaces, as `kubectl get` prints them.
package struct Table {
  package var header: [String]
  package var rows: [[String]] = []

  package init(_ header: String...) {
    self.header = header
  }

  package mutating func add(_ row: [String]) {
    rows.append(row)
  }

  package var text: String {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (index, cell) in cells.enumerated() {
        if index == cells.count - 1 {
          text += cell
        } else {
          text += cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
        }
      }
      while text.last == " " { text.removeLast() }
      return text + "\n"
    }
    return ([line(header)] + rows.map(line)).joined()
  }
}

/// Ages and durations as kubectl shows them: `45s`, `3m`, `2h`, `5d`.
package enum Age {
  package static func short(_ interval: TimeInterval) -> String {
    let seconds = max(0, Int(interval))
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m" }
    if seconds < 86400 { return "\(seconds / 3600)h" }
    return "\(seconds / 86400)d"
  }

  /// `1h2m3s`.
  package static func duration(_ interval: TimeInterval) -> String {
    let seconds = max(0, Int(interval.rounded()))
    let (hours, minutes, rest) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
    if minutes > 0 { return "\(minutes)m\(rest)s" }
    return "\(rest)s"
  }

  /// A duration given as `30s`, `10m`, `2h`, `3d` (or a sum: `1h30m`).
  package static func parse(_ text: String) -> TimeInterval? {
    GoDuration.seconds(text, days: true)
  }

}

/// Parses a duration option.
package struct DurationArgument: ExpressibleByArgument {
  package let seconds: TimeInterval

  package init?(argument: String) {
    guard let seconds = Age.parse(argument) else { return nil }
    self.seconds = seconds
  }

  package static var defaultCompletionKind: CompletionKind { .default }
}

extension Workflow {
  /// Seconds from start to finish, or to `now` while running.
  package func duration(now: Date = Date()) -> TimeInterval? {
    guard let started = status?.startedAt?.date else { return nil }
    return (status?.finishedAt?.date ?? now).timeIntervalSince(started)
  }

  /// The phase, `Pending` before the controller has seen it.
  package var phaseText: String { workflowPhase.displayName }
}

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
      throw CommandFailure(
        "no Argo Server is configured",
        hint: "set ARGO_SERVER (or --argo-server, or argo_server in hera.config); hera config shows the settings and where they come from",
        exitCode: FailureClass.settings.exitCode)
    }
    do {
      return ServerSession(settings: settings, client: try ArgoClient(connection))
    } catch {
      throw ServerSession.fail(error)
    }
  }

  /// The settings, their warnings said, with a token minted for the service account when
  /// none is set; exits with the settings' code when they cannot be used.
  package static func settings(
    _ options: HeraOptions, extraKeys: [String] = [], diagnostics: Diagnostics = .standard
  ) async throws -> HeraSettings {
    var settings: HeraSettings
    do {
      settings = try options.settings(extraKeys: extraKeys)
    } catch {
      throw CommandFailure(error, exitCode: FailureClass.settings.exitCode)
    }
    for warning in settings.warnings { diagnostics.warning(warning) }
    if settings.argoToken == nil, settings.serviceAccount != nil, settings.argoServer != nil {
      do {
        settings = try await settings.mintingToken()
      } catch {
        diagnostics.warning("no token, and none could be minted for the service account: \(error)")
      }
    }
    return settings
  }

  /// A session with settings resolved already, or exit 2 when they name no Argo Server.
  package static func open(settings: HeraSettings) throws -> ServerSession {
    guard let connection = settings.argoConnection else {
      throw CommandFailure(
        "no Argo Server is configured",
        hint:
          "set ARGO_SERVER (or --argo-server, or argo_server in hera.config); --print-config shows the settings and where they come from",
        exitCode: FailureClass.settings.exitCode)
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

  /// An Argo error as the command's failure, which the boundary says, with the exit code for it.
  package static func fail(_ error: ArgoError) -> CommandFailure {
    CommandFailure(error.message, hint: error.hint, exitCode: exitCode(error))
  }

  /// Says an Argo error that does not end the command (one of several names failed), in the
  /// format of every error; `subject` names what it is about when the message does not.
  package static func report(_ error: ArgoError, about subject: String? = nil, to diagnostics: Diagnostics = .standard) {
    diagnostics.error(error.message, hint: error.hint, subject: subject)
  }

  package static func exitCode(_ error: ArgoError) -> Int32 {
    switch error.kind {
    case .invalid, .conflict: return 1
    default: return FailureClass.of(error).exitCode
    }
  }
}

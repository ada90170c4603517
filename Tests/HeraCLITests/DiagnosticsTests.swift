import ArgoTestSupport
import Foundation
import Hera
import HeraSession
import HeraTestServers
import HeraUtils
import LocalEngine
import Logging
import Synchronization
import Testing

/// The one sink of what the user is told (issue 14): its format, its escaping, and the logs
/// that go through it.
@Suite struct DiagnosticsTests {
  /// A sink that keeps what it is given.
  final class Capture: Sendable {
    private let text = Mutex("")
    var said: String { text.withLock { $0 } }
    var diagnostics: Diagnostics { Diagnostics { said in self.text.withLock { $0 += said } } }
  }

  @Test func notesWarningsAndErrorsHaveOneFormat() {
    let capture = Capture()
    let diagnostics = capture.diagnostics
    diagnostics.note("the run goes on as r")
    diagnostics.warning("no token", hint: "set ARGO_TOKEN")
    diagnostics.error("not found", hint: "hera list shows the workflows", subject: "wf-1")
    diagnostics.say("No workflows found.")
    diagnostics.say("stopping", breakingLine: true)
    diagnostics.say(.error, "could not save", breakingLine: true)
    #expect(
      capture.said == """
        note: the run goes on as r
        warning: no token
          hint: set ARGO_TOKEN
        wf-1: error: not found
          hint: hera list shows the workflows
        No workflows found.

        stopping

        error: could not save

        """)
  }

  @Test func aCommandFailureIsSaidAsEveryError() {
    let failure = CommandFailure("no Workflow in a.yaml", hint: "hera run runs one Workflow")
    #expect(failure.description == Diagnostics.format(.error, "no Workflow in a.yaml", hint: "hera run runs one Workflow"))
    #expect(failure.description == "error: no Workflow in a.yaml\n  hint: hera run runs one Workflow\n")
    let capture = Capture()
    capture.diagnostics.say(failure)
    #expect(capture.said == failure.description)
  }

  @Test func lintFindingsKeepTheirFormat() {
    let capture = Capture()
    let finding = Diagnostic(.warning, rule: "unused-template", path: LintPath().key("spec"), message: "never used", hint: "remove it")
    capture.diagnostics.lint(finding, at: "a.yaml:3")
    capture.diagnostics.lint(finding)
    let line = "warning: spec: never used (remove it) [unused-template]\n"
    #expect(capture.said == "a.yaml:3: " + line + line)
  }

  @Test func controlCharactersAreShownNotActedOn() {
    let capture = Capture()
    capture.diagnostics.warning("the run \u{1B}[2Jwf\rforged", hint: "name\u{7}")
    #expect(capture.said == "warning: the run \\u{1B}[2Jwf\\u{D}forged\n  hint: name\\u{7}\n")
  }

  @Test func logLinesGoThroughTheSinkHeadedByTheirLevel() {
    let capture = Capture()
    let handler = DiagnosticsLogHandler(level: .debug, diagnostics: capture.diagnostics)
    var logger = Logger(label: "test") { _ in handler }
    logger[metadataKey: "node"] = "n1"
    logger.trace("not shown at debug")
    logger.debug("launching pod p\u{1B}[2J")
    logger.notice("an event", metadata: ["attempt": "2"])
    #expect(capture.said == "debug: launching pod p\\u{1B}[2J [node=n1]\nnotice: an event [attempt=2 node=n1]\n")
  }

  static let badLevelWarning =
    "HERA_LOG_LEVEL=loud is not a level; it is one of trace, debug, info, notice, warning, error, critical (warning is used)"

  @Test func theLevelComesFromTheEnvironment() {
    #expect(DiagnosticsLogHandler.level(from: [:]).level == .warning)
    #expect(DiagnosticsLogHandler.level(from: [:]).warning == nil)
    #expect(DiagnosticsLogHandler.level(from: ["HERA_LOG_LEVEL": "debug"]).level == .debug)
    #expect(DiagnosticsLogHandler.level(from: ["HERA_LOG_LEVEL": "TRACE"]).level == .trace)
    let bad = DiagnosticsLogHandler.level(from: ["HERA_LOG_LEVEL": "loud"])
    #expect(bad.level == .warning)
    #expect(bad.warning == Self.badLevelWarning)
  }

  @Test("a run here says its notes through the sink it is given, as do the files it reads")
  func aRunHereSaysItsNotesThroughItsSink() async throws {
    let folder = try TemporaryFolder(prefix: "hera-sink")
    defer { folder.remove() }
    let file = try folder.write(
      "gc.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: collected}
      spec:
        entrypoint: main
        podGC: {strategy: OnPodCompletion}
        templates:
          - name: main
            container: {image: alpine, command: [echo, hello], image: alpine}
      """)
    let capture = Capture()
    let input = try ManifestInput.read([file], strict: false, diagnostics: capture.diagnostics)
    guard case .workflow(let workflow) = try #require(input.manifests.first) else {
      Issue.record("not a Workflow")
      return
    }
    let execution = LocalExecution(
      store: RunStore(workFolder: folder.url.path), resources: LocalResources(), library: TemplateLibrary(), runner: .host,
      progress: ProgressChoice(mode: .off), output: .name, diagnostics: capture.diagnostics)
    try await execution.perform(.new(workflow), resumeCommand: "hera run")
    #expect(capture.said.contains("warning: \(file):9: duplicate key \"image\""), "\(capture.said)")
    #expect(capture.said.contains("note: not honoured on this machine: podGC"), "\(capture.said)")
  }

  // MARK: hera, as a user runs it

  static let workflow = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: logged}
    spec:
      entrypoint: main
      templates:
        - name: main
          container: {image: alpine, command: [echo, hello]}
    """

  func hera(_ arguments: [String], logLevel: String?) async throws -> Executable.Result {
    let folder = try TemporaryFolder(prefix: "hera-log")
    defer { folder.remove() }
    let file = try folder.write("logged.yaml", Self.workflow)
    var environment = RunCommandTests.environment(folder)
    environment["HERA_LOG_LEVEL"] = logLevel
    return try await Executable.launch("hera", arguments.map { $0 == "FILE" ? file : $0 }, in: folder.url, environment: environment)
  }

  @Test("HERA_LOG_LEVEL=debug: a pod's launch and end are logged on standard error; by default they are not")
  func debugLogsOfARun() async throws {
    let logged = try await hera(["run", "FILE", "--runner", "host", "--progress", "none"], logLevel: "debug")
    #expect(logged.status == 0, "\(logged.standardError)")
    #expect(logged.standardError.contains("debug: launching pod logged (template main, node logged, attempt 0)"), "\(logged.standardError)")
    #expect(logged.standardError.contains("debug: pod logged ended Succeeded"), "\(logged.standardError)")
    #expect(!logged.standardOutput.contains("debug:"))

    let quiet = try await hera(["run", "FILE", "--runner", "host", "--progress", "none"], logLevel: nil)
    #expect(quiet.status == 0, "\(quiet.standardError)")
    #expect(!quiet.standardError.contains("debug:"), "\(quiet.standardError)")
  }

  @Test("HERA_LOG_LEVEL that names no level: one warning naming the levels")
  func aLevelThatIsNotOne() async throws {
    let result = try await hera(["lint", "FILE"], logLevel: "loud")
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError == "warning: \(Self.badLevelWarning)\n")
  }
}

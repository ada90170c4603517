import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// `hera run` and an experiment's own run are one path: the same workflow run both ways ends
/// with the same nodes, the same notes and the same exit codes, refusals included.
@Suite struct SameRunTests {
  /// The lines of standard error that say something of the run (the experiment's note that no
  /// server is configured is its own: it chose where to run).
  static func notes(_ text: String) -> [String] {
    text.lines.filter { !$0.contains("no Argo Server is configured") }.map {
      $0.replacingOccurrences(of: "/experiment/", with: "/FOLDER/").replacingOccurrences(of: "/command/", with: "/FOLDER/")
    }
  }

  @Test("hello-world run as an experiment and its rendered manifest run with hera run end alike")
  func oneRunPath() async throws {
    let process = try ExampleProcess("same-run")
    defer { process.remove() }
    let rendered = try await process.run("hello-world", ["--render", "--message", "bonjour Lyon"])
    #expect(rendered.status == 0, "\(rendered.standardError)")
    try rendered.standardOutput.write(toFile: process.folder.path("hello.yaml"), atomically: true, encoding: .utf8)

    let experiment = try await process.run(
      "hello-world", ["--runner", "host", "--progress", "none", "--message", "bonjour Lyon"], in: process.folder.path("experiment"))
    let command = try await process.run(
      "hera", ["run", process.folder.path("hello.yaml"), "--runner", "host", "--progress", "none"], in: process.folder.path("command"))
    #expect(experiment.status == 0, "\(experiment.standardError)")
    #expect(command.status == experiment.status, "\(command.standardError)")
    #expect(Self.notes(command.standardError) == Self.notes(experiment.standardError))
    let ran = try #require(process.runs(in: process.folder.path("experiment")).first)
    let runByCommand = try #require(process.runs(in: process.folder.path("command")).first)
    let nodes = try process.nodes(ofRun: ran, in: process.folder.path("experiment"))
    let nodesByCommand = try process.nodes(ofRun: runByCommand, in: process.folder.path("command"))
    #expect(
      nodes.mapValues { "\($0.type) \($0.phase)" }.filter { $0.key != ran }
        == nodesByCommand.mapValues { "\($0.type) \($0.phase)" }.filter { $0.key != runByCommand })
    #expect(try process.workflow(ofRun: ran, in: process.folder.path("experiment")).status?.phase == "Succeeded")
    #expect(try process.workflow(ofRun: runByCommand, in: process.folder.path("command")).status?.phase == "Succeeded")

    // Refusals: a run that is not there to resume; a finished run resumed runs nothing again.
    let missingByExperiment = try await process.run("hello-world", ["--resume", "no-such-run"], in: process.folder.path("experiment"))
    let missingByCommand = try await process.run("hera", ["run", "--resume", "no-such-run"], in: process.folder.path("command"))
    #expect(missingByExperiment.status == 1)
    #expect(missingByCommand.status == missingByExperiment.status)
    #expect(Self.notes(missingByCommand.standardError) == Self.notes(missingByExperiment.standardError))
    let againByExperiment = try await process.run(
      "hello-world", ["--resume", ran, "--runner", "host", "--progress", "none"], in: process.folder.path("experiment"))
    let againByCommand = try await process.run(
      "hera", ["run", "--resume", runByCommand, "--runner", "host", "--progress", "none"], in: process.folder.path("command"))
    #expect(againByExperiment.status == 0, "\(againByExperiment.standardError)")
    #expect(againByCommand.status == againByExperiment.status, "\(againByCommand.standardError)")
  }
}

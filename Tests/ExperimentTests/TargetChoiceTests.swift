import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// Where an experiment's workflow goes: here when no Argo Server is configured, to the server
/// when one is, as asked with --local or --submit; and the command lines that make no sense.
@Suite struct TargetChoiceTests {
  @Test("a server configured: submitted by default, with a note; --local runs here")
  func serverConfigured() async throws {
    let process = try ExampleProcess("target-server")
    defer { process.remove() }
    let server = try await SubmitTests.Server(process)
    defer { Task { await server.simulator.stop() } }

    let submitted = try await process.run("hello-world", ["--argo-ca-file", server.caFile], environment: server.environment)
    #expect(submitted.status == 0, "\(submitted.standardError)")
    #expect(
      submitted.standardError.lines == [
        "note: submitting to the Argo Server \(server.simulator.url) (environment ARGO_SERVER); --local runs the workflow here"
      ], "\(submitted.standardError)")
    #expect(await server.simulator.creations == 1)
    #expect(process.runs().isEmpty)

    let here = try await process.run(
      "hello-world", ["--local", "--runner", "host", "--progress", "none", "--argo-ca-file", server.caFile], environment: server.environment
    )
    #expect(here.status == 0, "\(here.standardError)")
    #expect(here.standardError.isEmpty, "asked for: no note: \(here.standardError)")
    #expect(here.standardOutput.contains("hello printed:\n  hello world"))
    #expect(process.runs().count == 1)
    #expect(await server.simulator.creations == 1)

    // A server from ./hera.config counts as configured too, and says where it came from.
    try process.folder.write("hera.config", "argo_server = \(server.simulator.url)\nargo_namespace = lyon\n")
    let fromFile = try await process.run(
      "hello-world", ["--argo-ca-file", server.caFile], environment: ["ARGO_TOKEN": ExampleProcess.token])
    #expect(fromFile.status == 0, "\(fromFile.standardError)")
    #expect(
      fromFile.standardError.contains(
        "note: submitting to the Argo Server \(server.simulator.url) (file \(process.folder.path("hera.config")):1)"))
    #expect(await server.simulator.creations == 2)
  }

  @Test("no server: --submit, --watch and --wait exit 2 with a hint, and nothing runs")
  func noServer() async throws {
    let process = try ExampleProcess("target-none")
    defer { process.remove() }
    for flags in [["--submit"], ["--watch"], ["--submit", "--wait"]] {
      let result = try await process.run("collect-lyon", flags)
      #expect(result.status == 2, "\(flags): \(result.standardError)")
      #expect(result.standardError.contains("no Argo Server is configured"), "\(flags): \(result.standardError)")
      #expect(result.standardError.contains("hint: set ARGO_SERVER (or --argo-server, or argo_server in hera.config)"), "\(flags)")
      #expect(result.standardOutput.isEmpty)
    }
    #expect(process.runs().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: process.folder.path(".hera")))
  }

  @Test("two actions at once, or an option that goes with another action: a usage error")
  func usageErrors() async throws {
    let process = try ExampleProcess("target-usage")
    defer { process.remove() }
    let cases: [(arguments: [String], message: String)] = [
      // One mode at a time (an EnumerableFlag: argument-parser names both flags).
      (["--local", "--submit"], "Value to be set with flag '--submit' had already been set with flag '--local'"),
      (["--render", "--lint"], "Value to be set with flag '--lint' had already been set with flag '--render'"),
      (["--graph", "--print-config"], "Value to be set with flag '--print-config' had already been set with flag '--graph'"),
      (["--watch", "--local"], "--watch and --wait follow a submission (--submit); a run here is always followed"),
      (["--wait", "--render"], "--watch and --wait follow a submission (--submit)"),
      (["--watch", "--wait", "--submit"], "--watch and --wait cannot be used together"),
      (["-o", "json"], "-o/--output goes with --render (yaml, json) or --graph (mermaid, dot)"),
      (["--render", "-o", "dot"], "-o dot: expected yaml or json with --render"),
      (["--graph", "-o", "yaml"], "-o yaml: expected mermaid or dot with --graph"),
      (["--progress", "fancy"], "--progress fancy: expected one of"),
      (["--parallelism", "0"], "--parallelism must be at least 1"),
      (["--parallelism", "-1"], "--parallelism must be at least 1 (it was -1)"),
      (["--local", "--work-dir", "/no/such/folder"], "--work-dir /no/such/folder does not exist"),
      (["--vintage", "2009"], "Unknown option '--vintage'"),
    ]
    for (arguments, message) in cases {
      let result = try await process.run("collect-lyon", arguments)
      #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
      #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(arguments)")
    }
    #expect(!FileManager.default.fileExists(atPath: process.folder.path(".hera")))
  }
}

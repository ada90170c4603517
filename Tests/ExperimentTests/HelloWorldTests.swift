import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// The hello-world experiment, run as a user runs it, in a folder of its own and with no Argo
/// settings around.
@Suite struct HelloWorldTests {
  @Test("with no Argo Server configured it runs here, says so, and shows what it printed")
  func runsHere() async throws {
    let process = try ExampleProcess("hello-world")
    defer { process.remove() }
    let result = try await process.run("hello-world", ["--runner", "host", "--progress", "none", "--message", "bonjour Lyon"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardError.lines == [
        "note: no Argo Server is configured: the workflow runs on this machine (ARGO_SERVER, or --submit with --argo-server, sends it to Argo)"
      ])
    #expect(result.standardOutput.contains("Succeeded"))
    #expect(result.standardOutput.contains("hello printed:\n  bonjour Lyon"))
    let runs = process.runs()
    #expect(runs.count == 1)
    #expect(runs.first?.hasPrefix("hello-world-") == true)
  }
}

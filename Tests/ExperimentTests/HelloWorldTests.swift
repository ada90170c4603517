import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// The hello-world experiment, run as a user runs it, in a folder of its own and with no Argo
/// settings around.
@Suite struct HelloWorldTests {
  @Test("with no Argo Server configured it runs here, says so, and shows what it printed")
  func runsHere() async throws {
    let folder = try TemporaryFolder(prefix: "hello-world")
    defer { folder.remove() }
    let result = try await Executable.launch(
      "hello-world", ["--runner", "host", "--progress", "none", "--message", "bonjour Lyon"], in: folder.url,
      environment: ["HOME": folder.path("home"), "PATH": "/usr/local/bin:/usr/bin:/bin", "KUBECONFIG": folder.path("none")])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.contains("no Argo Server is configured: the workflow runs on this machine"))
    #expect(result.standardOutput.contains("Succeeded"))
    #expect(result.standardOutput.contains("hello printed:\n  bonjour Lyon"))
    let runs = try FileManager.default.contentsOfDirectory(atPath: folder.path(".hera/runs"))
    #expect(runs.count == 1)
    #expect(runs.first?.hasPrefix("hello-world-") == true)
  }
}

import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// coin-flip, run here: Argo's `when`, evaluated when the flip is known, runs exactly one of the
/// two sides.
@Suite struct CoinFlipTests {
  @Test("exactly one of heads and tails runs: the side the coin fell on")
  func oneSideRuns() async throws {
    let process = try ExampleProcess("coin-flip")
    defer { process.remove() }
    let result = try await process.run("coin-flip", ["--runner", "host", "--progress", "none"])
    #expect(result.status == 0, "\(result.standardError)")
    let flip = EnvironmentExamplesTests.printed(result.standardOutput, by: "flip-coin")
    let side = try #require(flip.first, "\(result.standardOutput)")
    #expect(["heads", "tails"].contains(side))
    let other = side == "heads" ? "tails" : "heads"
    #expect(EnvironmentExamplesTests.printed(result.standardOutput, by: side) == ["it was \(side)"], "\(result.standardOutput)")
    #expect(!result.standardOutput.contains("\(other) printed:"))

    let run = try #require(process.runs().first)
    let nodes = try process.nodes(ofRun: run)
    #expect(nodes["flip-coin"]?.phase == "Succeeded")
    #expect(nodes[side]?.phase == "Succeeded")
    #expect(nodes[other]?.phase == "Skipped", "\(String(describing: nodes[other]))")
    #expect(nodes[run]?.phase == "Succeeded")
    #expect(!result.standardOutput.contains("Results:"), "no volume: nothing to say about results on it")
  }
}

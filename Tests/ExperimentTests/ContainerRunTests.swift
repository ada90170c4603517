import ArgoTestSupport
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// The tiny local image `../shared/podman/setup.sh` builds (busybox's applets only).
let testImage = "localhost/hera-test-busybox:1"

/// Whether podman is here with the test image; looked up once.
let podmanReady = Task<Bool, Never> {
  let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
  guard let podman = folders.map({ $0 + "/podman" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
    return false
  }
  return (try? await Executable.launch(podman, ["image", "exists", testImage]).status) == 0
}

/// collect-lyon in containers (podman, the test image standing for busybox): the claim's folder
/// is mounted where the layout says, and what the containers write there is on this machine.
@Suite(.enabled("podman or the test image is missing (run ../shared/podman/setup.sh)") { await podmanReady.value })
struct ContainerRunTests {
  @Test("collect-lyon in podman writes through the mounted volume claim")
  func collectsInContainers() async throws {
    let process = try ExampleProcess("collect-lyon-podman")
    defer { process.remove() }
    let result = try await process.run(
      "collect-lyon",
      [
        "--runner", "podman", "--image-map", "busybox:1.36=\(testImage)", "--progress", "none", "--vintages", "2009", "--boroughs",
        "LYON_1ER", "LYON_8EME",
      ])
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    // The containers saw the volume at its mount path: the path they printed is theirs.
    #expect(
      result.standardOutput.contains(
        "collect-2009(0:LYON_1ER) printed:\n  collected /within-container-mount-point/collect-lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml"
      ), "\(result.standardOutput)")
    #expect(result.standardOutput.contains("print-results printed:\n  Collected:\n  /within-container-mount-point/collect-lyon/stage_1:"))
    #expect(
      process.files(under: process.volume("lyon-data")) == [
        "collect-lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml", "collect-lyon/stage_1/2009/LYON_8EME_2009/LYON_8EME_2009.gml",
      ])
    let text = process.text(process.volume("lyon-data") + "/collect-lyon/stage_1/2009/LYON_8EME_2009/LYON_8EME_2009.gml") ?? ""
    #expect(text.contains("<CityModel vintage=\"2009\" borough=\"LYON_8EME\">"))
    #expect(
      result.standardOutput.contains(
        "Results: 2 files written in .hera/volumes/lyon-data (/within-container-mount-point in the containers):"))
  }
}

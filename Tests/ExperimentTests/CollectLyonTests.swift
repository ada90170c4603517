import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// collect-lyon, run here as a user runs it: one CityGML file per vintage and borough, in the
/// folders the layout gives them on the volume claim's folder.
@Suite struct CollectLyonTests {
  static let mountPath = "/within-container-mount-point"
  static let local = ["--runner", "host", "--progress", "none"]

  /// The layout collect-lyon writes with, as the test computes it.
  static func collected(folder: String = "collect-lyon") -> ExperimentLayout.Stage {
    ExperimentLayout(root: PersistedVolume(claimName: "lyon-data", mountPath: mountPath).path(folder)).stage(1)
  }

  /// Checks the CityGML file of a vintage and borough.
  func expectCityModel(
    _ process: ExampleProcess, vintage: String, borough: String, folder: String = "collect-lyon", workFolder: String? = nil
  ) {
    let combination = Sweep(["vintage": [vintage], "borough": [borough]]).combinations[0]
    let path = process.onVolume(
      Self.collected(folder: folder).file(for: combination, extension: "gml"), claim: "lyon-data", mountPath: Self.mountPath, in: workFolder
    )
    guard let text = process.text(path) else {
      Issue.record("\(vintage) \(borough): no file \(path)")
      return
    }
    #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
    #expect(text.contains("<CityModel vintage=\"\(vintage)\" borough=\"\(borough)\">"), "\(text)")
    #expect(text.components(separatedBy: "<bldg:Building ").count - 1 == 3, "three buildings: \(text)")
    #expect(text.contains("gml:id=\"\(borough)_\(vintage)_3\""))
    #expect(text.hasSuffix("</CityModel>\n"))
  }

  @Test("runs here by default: a file per vintage and borough, the summary says where")
  func runsHere() async throws {
    let process = try ExampleProcess("collect-lyon")
    defer { process.remove() }
    let result = try await process.run("collect-lyon", Self.local)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.contains("note: no Argo Server is configured: the workflow runs on this machine"))
    let run = try #require(process.runs().first)
    #expect(process.runs() == [run])
    #expect(run.hasPrefix("collect-lyon-"))
    #expect(result.standardOutput.lines.first == "\(run) Succeeded")

    for vintage in ["2009", "2012"] {
      for borough in ["LYON_1ER", "LYON_8EME"] { expectCityModel(process, vintage: vintage, borough: borough) }
    }
    let written = [
      "collect-lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml", "collect-lyon/stage_1/2009/LYON_8EME_2009/LYON_8EME_2009.gml",
      "collect-lyon/stage_1/2012/LYON_1ER_2012/LYON_1ER_2012.gml", "collect-lyon/stage_1/2012/LYON_8EME_2012/LYON_8EME_2012.gml",
    ]
    #expect(process.files(under: process.volume("lyon-data")) == written, "nothing else on the volume")

    let lines = result.standardOutput.lines
    #expect(lines.contains("The run is in .hera/runs/\(run): hera get --local \(run), hera logs --local \(run)"))
    let header = try #require(
      lines.firstIndex(of: "Results: 4 files written in .hera/volumes/lyon-data (/within-container-mount-point in the containers):"))
    #expect(lines[(header + 1)...].prefix(4).map { $0.components(separatedBy: "  ").dropFirst().first ?? "" } == written)
    #expect(lines[(header + 1)...].prefix(4).allSatisfy { $0.hasSuffix(" B") })

    // The vintages are unrolled (one task each), the boroughs fanned out at run time, and
    // print-results waits for all of them.
    let nodes = try process.nodes(ofRun: run)
    for name in [
      "collect-2009(0:LYON_1ER)", "collect-2009(1:LYON_8EME)", "collect-2012(0:LYON_1ER)", "collect-2012(1:LYON_8EME)", "print-results",
    ] {
      #expect(nodes[name]?.phase == "Succeeded", "\(name): \(String(describing: nodes[name]))")
    }
    #expect(nodes.values.filter { $0.type == "Pod" }.count == 5)
  }

  @Test("its own options choose the vintages, boroughs and folder; --work-dir where .hera is")
  func ownOptions() async throws {
    let process = try ExampleProcess("collect-lyon-options")
    defer { process.remove() }
    let first = try await process.run("collect-lyon", Self.local + ["--vintages", "2015", "--boroughs", "LYON_2EME"])
    #expect(first.status == 0, "\(first.standardError)")
    expectCityModel(process, vintage: "2015", borough: "LYON_2EME")
    #expect(process.files(under: process.volume("lyon-data")) == ["collect-lyon/stage_1/2015/LYON_2EME_2015/LYON_2EME_2015.gml"])
    #expect(first.standardOutput.contains("Results: 1 file written in .hera/volumes/lyon-data"))
    // A run of one pod shows what it printed.
    #expect(first.standardOutput.contains("collect-2015(0:LYON_2EME) printed:\n  collected "))

    // From another folder, with --work-dir: .hera is where it says; the summary counts only
    // what this run wrote.
    let elsewhere = process.folder.path("elsewhere")
    let second = try await process.run(
      "collect-lyon",
      Self.local + [
        "--work-dir", process.folder.url.path, "--vintages", "2009", "--boroughs", "LYON_3EME", "LYON_9EME", "--experiment-folder",
        "lyon-east",
      ],
      in: elsewhere)
    #expect(second.status == 0, "\(second.standardError)")
    #expect(!FileManager.default.fileExists(atPath: elsewhere + "/.hera"))
    #expect(process.runs().count == 2)
    expectCityModel(process, vintage: "2009", borough: "LYON_3EME", folder: "lyon-east")
    expectCityModel(process, vintage: "2009", borough: "LYON_9EME", folder: "lyon-east")
    #expect(process.files(under: process.volume("lyon-data")).count == 3)
    #expect(
      second.standardOutput.contains(
        "Results: 2 files written in \(process.volume("lyon-data")) (/within-container-mount-point in the containers):"),
      "outside the current folder, the full path: \(second.standardOutput)")
    #expect(!second.standardOutput.contains("LYON_2EME_2015.gml"))

    // What the experiment refuses, before running anything.
    let noVintage = try await process.run("collect-lyon", Self.local + ["--vintages"])
    #expect(noVintage.status == 64)
    #expect(noVintage.standardError.contains("--vintages"))
    #expect(process.runs().count == 2)
  }

  @Test("a vintage or borough given twice is collected once (two pods would write one file at once)")
  func repeatedValues() async throws {
    let process = try ExampleProcess("collect-lyon-repeated")
    defer { process.remove() }
    for example in ["collect-lyon", "lyon-pipeline"] {
      let result = try await process.run(
        example, ["--render", "-o", "json", "--vintages", "2009", "2012", "2009", "--boroughs", "LYON_1ER", "LYON_1ER", "LYON_8EME"])
      #expect(result.status == 0, "\(result.standardError)")
      let workflow = try Workflow(
        json: try ManifestReader().values(Array(result.standardOutput.utf8), format: .json)[0], options: .preserving)
      let tasks = workflow.spec.templates?.first { $0.name == "main" }?.dag?.tasks ?? []
      let collects = tasks.filter { $0.template == "collect" }
      if example == "collect-lyon" {
        #expect(collects.map(\.name) == ["collect-2009", "collect-2012"])
        #expect(collects.map { $0.withItems?.count ?? 0 } == [2, 2], "\(collects.map(\.withItems))")
      } else {
        #expect(
          collects.map(\.name) == ["collect-2009-lyon-1er", "collect-2009-lyon-8eme", "collect-2012-lyon-1er", "collect-2012-lyon-8eme"])
        #expect(tasks.filter { $0.template == "database" }.map(\.name) == ["database-2009", "database-2012"])
      }
    }
  }

  @Test("a run that fails exits 1 and says which task failed and why")
  func failureIsReported() async throws {
    let process = try ExampleProcess("collect-lyon-failure")
    defer { process.remove() }
    // A file where the volume's folder should be: the pods cannot mount it.
    try process.folder.write(".hera/volumes/lyon-data", "not a folder\n")
    let result = try await process.run("collect-lyon", Self.local + ["--vintages", "2009", "--boroughs", "LYON_1ER"])
    #expect(result.status == 1)
    let lines = result.standardOutput.lines
    let run = try #require(process.runs().first)
    #expect(lines.first?.hasPrefix("\(run) Error") == true, "\(result.standardOutput)")
    let failed = try #require(lines.firstIndex(of: "1 pod failed:"), "\(result.standardOutput)")
    #expect(lines[failed + 1].hasPrefix("  collect-2009(0:LYON_1ER): "))
    #expect(lines[failed + 1].contains("a file of that name is in the way"), "\(lines[failed + 1])")
    #expect(lines.contains { $0.hasSuffix("this run wrote nothing there") })
  }

  @Test("--resume NAME continues a run that failed: what did not succeed runs again, and the summary says how to resume")
  func resumesAFailedRun() async throws {
    let process = try ExampleProcess("collect-lyon-resume")
    defer { process.remove() }
    try process.folder.write(".hera/volumes/lyon-data", "not a folder\n")
    let failed = try await process.run("collect-lyon", Self.local + ["--vintages", "2009", "--boroughs", "LYON_1ER"])
    #expect(failed.status == 1)
    let run = try #require(process.runs().first)
    #expect(failed.standardOutput.contains("collect-lyon --resume \(run) runs again what did not succeed"), "\(failed.standardOutput)")

    try FileManager.default.removeItem(atPath: process.volume("lyon-data"))
    let resumed = try await process.run("collect-lyon", Self.local + ["--resume", run])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardOutput.hasPrefix("\(run) Succeeded"), "\(resumed.standardOutput)")
    #expect(process.runs() == [run], "the run goes on under its own name")
    #expect(
      process.text(process.volume("lyon-data") + "/collect-lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml")?.contains("<CityModel")
        == true)

    let unknown = try await process.run("collect-lyon", Self.local + ["--resume", "collect-lyon-nosuch"])
    #expect(unknown.status == 1)
    #expect(unknown.standardError.contains("no local run named collect-lyon-nosuch"), "\(unknown.standardError)")
    let refused = try await process.run("collect-lyon", ["--submit", "--resume", run])
    #expect(refused.status == 64)
  }
}

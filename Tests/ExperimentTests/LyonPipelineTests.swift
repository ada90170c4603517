import ArgoTestSupport
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// lyon-pipeline, run here: each stage's file chained from the previous stage's, a database
/// folder per vintage holding what was loaded, and a tileset per vintage counting its buildings.
@Suite struct LyonPipelineTests {
  static let mountPath = "/within-container-mount-point"
  static let layout = ExperimentLayout(root: PersistedVolume(claimName: "lyon-data", mountPath: mountPath).path("lyon-pipeline"))

  /// Checks the files of every stage for the vintages and boroughs of a run.
  func expectStages(_ process: ExampleProcess, vintages: [String], boroughs: [String]) {
    func here(_ path: String) -> String { process.onVolume(path, claim: "lyon-data", mountPath: Self.mountPath) }
    for combination in Sweep(["vintage": vintages, "borough": boroughs]).combinations {
      let vintage = combination["vintage"]!
      let borough = combination["borough"]!
      let raw = Self.layout.stage(1).file(for: combination, extension: "gml")
      let split = Self.layout.stage(2).file(chainedFrom: raw, for: combination, adding: "split")
      let stripped = Self.layout.stage(3).file(chainedFrom: split, for: combination, adding: "stripped")
      #expect(raw.hasSuffix("/stage_1/\(vintage)/\(borough)_\(vintage)/\(borough)_\(vintage).gml"))
      #expect(stripped.hasSuffix("/stage_3/\(vintage)/\(borough)_\(vintage)/\(borough)_\(vintage)_split_stripped.gml"))

      let buildings = (1...4).map { "<bldg:Building id=\"\(borough)-\($0)\"/>" }
      #expect(
        process.text(here(raw))
          == "<CityModel vintage=\"\(vintage)\" borough=\"\(borough)\">\n" + buildings.map { "    \($0)\n" }.joined() + "</CityModel>\n",
        "\(raw)")
      #expect(process.text(here(split)) == buildings.map { "    \($0)\n" }.joined(), "split keeps the buildings, one a line: \(split)")
      #expect(process.text(here(stripped)) == buildings.map { "\($0)\n" }.joined(), "strip takes the indentation off: \(stripped)")
      // Loaded into the vintage's database: the stripped file, as it is.
      let loaded = Self.layout.stage(4).directory(for: vintage) + "/" + (stripped as NSString).lastPathComponent
      #expect(process.text(here(loaded)) == process.text(here(stripped)), "\(loaded)")
    }
    for vintage in vintages {
      let database = here(Self.layout.stage(4).directory(for: vintage))
      let gml = process.files(under: database).filter { $0.hasSuffix(".gml") }
      #expect(
        gml == boroughs.sorted().map { "\($0)_\(vintage)_split_stripped.gml" }, "the database of \(vintage) holds this run's boroughs")
      let tileset = process.text(here(Self.layout.stage(5).directory(for: vintage) + "/tileset.json"))
      #expect(
        tileset == "{\"asset\": {\"version\": \"1.0\"}, \"vintage\": \"\(vintage)\", \"buildings\": \(4 * boroughs.count)}\n", "\(vintage)")
    }
  }

  @Test("every stage's file, the databases and a tileset per vintage; a rerun with fewer boroughs counts only them")
  func runsHere() async throws {
    let process = try ExampleProcess("lyon-pipeline")
    defer { process.remove() }
    let result = try await process.run("lyon-pipeline", ["--runner", "host", "--progress", "none"])
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    expectStages(process, vintages: ["2009", "2012"], boroughs: ["LYON_1ER", "LYON_8EME"])
    let run = try #require(process.runs().first)
    let nodes = try process.nodes(ofRun: run)
    for vintage in ["2009", "2012"] {
      #expect(nodes["database-\(vintage)"]?.phase == "Succeeded", "the daemon ends with the DAG")
      #expect(nodes["tile-\(vintage)"]?.phase == "Succeeded")
      for borough in ["lyon-1er", "lyon-8eme"] {
        for stage in ["collect", "split", "strip", "load"] {
          #expect(nodes["\(stage)-\(vintage)-\(borough)"]?.phase == "Succeeded", "\(stage)-\(vintage)-\(borough)")
        }
      }
    }
    #expect(nodes.values.filter { $0.type == "Pod" }.count == 20)
    let lines = result.standardOutput.lines
    // 4 files per combination over 3 stages and the database, a marker per database, 2 tilesets.
    #expect(
      lines.contains("Results: 20 files written in .hera/volumes/lyon-data (/within-container-mount-point in the containers):"),
      "\(result.standardOutput)")
    #expect(lines.contains("  … and 8 more"))

    // Its own options: one vintage, one borough, in the same folder. The database of 2009 is
    // made anew: the tileset counts this run's buildings, not the earlier run's too.
    let again = try await process.run(
      "lyon-pipeline", ["--runner", "host", "--progress", "none", "--vintages", "2009", "--boroughs", "LYON_2EME"])
    #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
    expectStages(process, vintages: ["2009"], boroughs: ["LYON_2EME"])
    #expect(again.standardOutput.contains("Results: 6 files written in"), "\(again.standardOutput)")
    #expect(
      process.text(
        process.onVolume(Self.layout.stage(5).directory(for: "2012") + "/tileset.json", claim: "lyon-data", mountPath: Self.mountPath))?
        .contains("\"buildings\": 8") == true, "the other vintage's results are left as they were")
  }
}

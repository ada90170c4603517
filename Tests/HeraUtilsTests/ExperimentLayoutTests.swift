import Foundation
import HeraUtils
import Testing

/// Where an experiment's files go, as the seed's experiments lay them out, and how its tasks
/// are named.
@Suite struct ExperimentLayoutTests {
  let combination = Sweep(["vintage": ["2009"], "borough": ["LYON_1ER"]]).combinations[0]

  @Test func stagesHoldAFolderPerCombination() {
    let layout = ExperimentLayout(root: "/data/lyon/")
    #expect(layout.root == "/data/lyon", "a trailing / is dropped")
    #expect(ExperimentLayout(root: "/").root == "/")
    #expect(layout.path("inputs", "boroughs.json") == "/data/lyon/inputs/boroughs.json")
    #expect(layout.path("/inputs/", "/boroughs.json") == "/data/lyon/inputs/boroughs.json", "no doubled /")
    #expect(ExperimentLayout(root: "/").path("stage_1") == "/stage_1")

    let collect = layout.stage(1, "collect")
    #expect(collect.number == 1)
    #expect(collect.name == "collect")
    #expect(collect.directory == "/data/lyon/stage_1")
    #expect(layout.stage(3).name == "stage-3")
    #expect(collect.directory(for: combination) == "/data/lyon/stage_1/2009/LYON_1ER_2009")
    #expect(collect.directory(for: "2009") == "/data/lyon/stage_1/2009", "the folder of every borough of 2009")
    #expect(collect.directory(for: "2009", "LYON_1ER") == collect.directory(for: combination))

    let deeper = Sweep(["vintage": ["2012"], "borough": ["LYON_8EME"], "lod": ["2"]]).combinations[0]
    #expect(layout.stage(2).directory(for: deeper) == "/data/lyon/stage_2/2012/LYON_8EME_2012/2_LYON_8EME_2012")
  }

  @Test func filesAreNamedAfterTheCombinationThenChainedFromStageToStage() {
    let layout = ExperimentLayout(root: "/data/lyon")
    let raw = layout.stage(1, "collect").file(for: combination, extension: "gml")
    #expect(raw == "/data/lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml")
    #expect(layout.stage(1).file(for: combination, extension: ".gml") == raw, "a leading dot is not doubled")
    #expect(layout.stage(1).file(for: combination) == "/data/lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009")

    let split = layout.stage(2, "split").file(chainedFrom: raw, for: combination, adding: "split")
    #expect(split == "/data/lyon/stage_2/2009/LYON_1ER_2009/LYON_1ER_2009_split.gml")
    let stripped = layout.stage(3, "strip").file(chainedFrom: split, for: combination, adding: "stripped")
    #expect(stripped == "/data/lyon/stage_3/2009/LYON_1ER_2009/LYON_1ER_2009_split_stripped.gml")
    let noExtension = layout.stage(2).file(chainedFrom: "/elsewhere/LYON_1ER_2009", for: combination, adding: "split")
    #expect(noExtension == "/data/lyon/stage_2/2009/LYON_1ER_2009/LYON_1ER_2009_split")
  }

  @Test func taskNamesAreDNSSafeDistinctAndShort() {
    let layout = ExperimentLayout(root: "/data")
    #expect(layout.taskName("collect", for: combination) == "collect-2009-lyon-1er")
    #expect(ExperimentLayout.nameSuffix("LYON_1ER") == "lyon-1er")
    #expect(ExperimentLayout.nameSuffix("2009", "LYON_1ER") == "2009-lyon-1er")

    let long = String(repeating: "LYON_METROPOLE_", count: 3)
    let sweep = Sweep(["vintage": ["2009"], "area": [long + "NORD", long + "SUD"]])
    let names = sweep.combinations.map { layout.taskName("collect-and-split-the-city-model", for: $0) }
    #expect(names.allSatisfy { $0.count <= 63 }, "\(names)")
    #expect(names.allSatisfy(ExperimentInputsTests.isDNSLabel), "\(names)")
    #expect(names[0] != names[1], "\(names)")
    #expect(names.allSatisfy { $0.hasPrefix("collect-and-split-the-city-model-2009-") })
    #expect(sweep.combinations.map { layout.taskName("collect-and-split-the-city-model", for: $0) } == names, "stable")
  }

  @Test func aVolumePathIsUnderItsMountPath() {
    let volume = PersistedVolume(claimName: "lyon-data", mountPath: "/within-container-mount-point/")
    #expect(volume.volumeName == "workdir")
    #expect(volume.path("lyon", "stage_1") == "/within-container-mount-point/lyon/stage_1")
  }
}

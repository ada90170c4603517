import Foundation
import HeraUtils
import Testing

/// The swept parameters of an experiment: their combinations, in the order nested loops give
/// them, each with a name Kubernetes and Argo accept, distinct and the same on every run.
@Suite struct ExperimentInputsTests {
  /// Whether a name is a DNS-1123 label.
  static func isDNSLabel(_ name: String) -> Bool {
    name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil && name.count <= 63
  }

  @Test func theFirstDimensionVariesSlowest() {
    let sweep = Sweep(["vintage": ["2009", "2012"], "borough": ["LYON_1ER", "LYON_8EME"]])
    let combinations = sweep.combinations
    #expect(sweep.count == 4)
    #expect(combinations.map(\.name) == ["2009-lyon-1er", "2009-lyon-8eme", "2012-lyon-1er", "2012-lyon-8eme"])
    #expect(combinations.map { $0["vintage"] ?? "" } == ["2009", "2009", "2012", "2012"])
    #expect(combinations.map { $0["borough"] ?? "" } == ["LYON_1ER", "LYON_8EME", "LYON_1ER", "LYON_8EME"])
    #expect(combinations[1].values.map(\.name) == ["vintage", "borough"], "values keep the sweep's order")
    #expect(combinations[1].parameters == ["vintage": "2009", "borough": "LYON_8EME"])
    #expect(combinations[1].description == "vintage=2009, borough=LYON_8EME")
    #expect(combinations[1]["tile-size"] == nil)
    #expect(sweep.values(of: "borough") == ["LYON_1ER", "LYON_8EME"])
    #expect(sweep.values(of: "tile-size") == [])

    // The order the dimensions are given in is the order they nest in, whatever their names.
    let reversed = Sweep(["borough": ["LYON_1ER", "LYON_8EME"], "vintage": ["2009", "2012"]])
    #expect(reversed.combinations.map(\.name) == ["lyon-1er-2009", "lyon-1er-2012", "lyon-8eme-2009", "lyon-8eme-2012"])

    let three = Sweep(["a": ["1", "2"], "b": ["x"], "c": ["p", "q", "r"]])
    #expect(three.count == 6)
    #expect(three.combinations.map(\.name) == ["1-x-p", "1-x-q", "1-x-r", "2-x-p", "2-x-q", "2-x-r"])
  }

  @Test func namesThatReadAlikeAreMadeDistinctAndStable() {
    let sweep = Sweep(["borough": ["LYON_1ER", "lyon-1er", "Lyon 1er", "LYON_2EME"]])
    let names = sweep.combinations.map(\.name)
    #expect(Set(names).count == 4, "\(names)")
    #expect(names.allSatisfy(Self.isDNSLabel), "\(names)")
    #expect(names[3] == "lyon-2eme", "a name that collides with none is left as it is")
    #expect(names[0...2].allSatisfy { $0.hasPrefix("lyon-1er-") }, "colliding names keep their readable part: \(names)")
    #expect(
      Sweep(["borough": ["LYON_1ER", "lyon-1er", "Lyon 1er", "LYON_2EME"]]).combinations.map(\.name) == names, "the same on every run")

    // Collisions across dimensions: `a-b` + `c` and `a` + `b-c` both read `a-b-c`.
    let across = Sweep(["first": ["a-b", "a"], "second": ["c", "b-c"]])
    let acrossNames = across.combinations.map(\.name)
    #expect(Set(acrossNames).count == 4, "\(acrossNames)")
  }

  @Test func aValueGivenTwiceIsSweptOnce() {
    // `--vintages 2009 2012 2009`: the same combination twice would give two tasks of one name.
    let sweep = Sweep(["vintage": ["2009", "2012", "2009"], "borough": ["LYON_1ER"]])
    #expect(sweep.values(of: "vintage") == ["2009", "2012"])
    #expect(sweep.count == 2)
    #expect(sweep.combinations.map(\.name) == ["2009-lyon-1er", "2012-lyon-1er"])
    let explicit = Sweep(dimensions: [Sweep.Dimension("vintage", ["2015", "2015"])])
    #expect(explicit.combinations.map(\.name) == ["2015"])
  }

  @Test func anEmptyDimensionOrNoDimensionGivesNoCombination() {
    let empty = Sweep(["vintage": ["2009", "2012"], "borough": []])
    #expect(empty.count == 0)
    #expect(empty.combinations.isEmpty)
    let none = Sweep(dimensions: [])
    #expect(none.combinations.isEmpty)
    #expect(none.count == none.combinations.count, "count and combinations agree")
    #expect(ExperimentInputs().combinations.isEmpty)
  }

  @Test func longValuesGiveShortDistinctNames() {
    let long = String(repeating: "LYON_METROPOLE_", count: 6)
    let sweep = Sweep(["area": [long + "NORD", long + "SUD"], "vintage": ["2009"]])
    let names = sweep.combinations.map(\.name)
    #expect(names.allSatisfy(Self.isDNSLabel), "\(names)")
    #expect(names.allSatisfy { $0.count <= 63 })
    #expect(names[0] != names[1])
    #expect(names.allSatisfy { $0.hasPrefix("lyon-metropole-") })
  }

  @Test func constantsAreLookedUpByName() throws {
    let inputs = ExperimentInputs(
      constants: ["experiment": "lyon-collect", "pattern": "{borough}_{vintage}"], parameters: Sweep(["vintage": ["2009"]]))
    #expect(try inputs.constant("experiment") == "lyon-collect")
    #expect(inputs.combinations.map(\.name) == ["2009"])
    let error = #expect(throws: ExperimentError.self) { try inputs.constant("experiments") }
    #expect(error?.message == "the inputs have no constant experiments")
    #expect(error?.hint == "the constants are experiment, pattern")
    let noConstants = #expect(throws: ExperimentError.self) { try ExperimentInputs().constant("experiment") }
    #expect(noConstants?.description == "the inputs have no constant experiment (the experiment defines no constants)")
  }
}

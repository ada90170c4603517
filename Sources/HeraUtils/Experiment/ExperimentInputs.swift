import ArgoModel
import Foundation
import Hera

/// The values an experiment sweeps: named dimensions, each with its values, and every
/// combination of them (their cartesian product), each with a stable name.
///
/// It is the `parameters` half of the seed's `inputs` (the other half, `constants`, is in
/// ``ExperimentInputs``). The first dimension varies slowest, as nested loops would give them:
///
/// ```swift
/// let sweep = Sweep(["vintage": ["2009", "2012"], "borough": ["LYON_1ER", "LYON_8EME"]])
/// for combination in sweep.combinations {
///   print(combination.name, combination["vintage"]!, combination["borough"]!)
/// }
/// // 2009-lyon-1er 2009 LYON_1ER
/// // 2009-lyon-8eme 2009 LYON_8EME
/// // 2012-lyon-1er 2012 LYON_1ER
/// // 2012-lyon-8eme 2012 LYON_8EME
/// ```
public struct Sweep: Sendable, Hashable {
  /// One swept parameter and its values, in order.
  public struct Dimension: Sendable, Hashable {
    public var name: String
    public var values: [String]

    /// A value given twice is swept once (at its first place): the same combination twice
    /// would give two tasks of one name, and the same files written twice at once.
    public init(_ name: String, _ values: [String]) {
      self.name = name
      var seen: Set<String> = []
      self.values = values.filter { seen.insert($0).inserted }
    }
  }

  public private(set) var dimensions: [Dimension]

  /// - Parameter dimensions: the parameters in the order they nest, the first varying slowest.
  public init(_ dimensions: KeyValuePairs<String, [String]>) {
    self.dimensions = dimensions.map { Dimension($0.key, $0.value) }
  }

  public init(dimensions: [Dimension]) {
    self.dimensions = dimensions
  }

  /// The values of a dimension; empty when the sweep has no such dimension.
  public func values(of name: String) -> [String] {
    dimensions.first { $0.name == name }?.values ?? []
  }

  /// How many combinations there are: the product of the dimensions' sizes (0 with none, as
  /// ``combinations`` has none then).
  public var count: Int { dimensions.isEmpty ? 0 : dimensions.reduce(1) { $0 * $1.values.count } }

  /// Every combination, the first dimension varying slowest; none when the sweep has no
  /// dimension, or a dimension without values. Names are made unique: two
  /// combinations whose values read alike once made DNS-safe (`LYON_1ER` and `lyon-1er`) get
  /// a short hash of their values after the name.
  public var combinations: [Combination] {
    var result: [[(String, String)]] = [[]]
    for dimension in dimensions {
      result = result.flatMap { prefix in dimension.values.map { prefix + [(dimension.name, $0)] } }
    }
    guard !dimensions.isEmpty else { return [] }
    var combinations = result.map { Combination(values: $0.map { Combination.Value(name: $0.0, value: $0.1) }) }
    var seen: [String: Int] = [:]
    for combination in combinations { seen[combination.name, default: 0] += 1 }
    for index in combinations.indices where (seen[combinations[index].name] ?? 0) > 1 {
      combinations[index].name = Naming.suffixed(
        combinations[index].name, for: combinations[index].values.map(\.value).joined(separator: "\u{1F}"))
    }
    return combinations
  }
}

/// One combination of a sweep's values: `vintage = 2009, borough = LYON_1ER`.
public struct Combination: Sendable, Hashable, CustomStringConvertible {
  public struct Value: Sendable, Hashable {
    public var name: String
    public var value: String
  }

  /// The values, in the order of the sweep's dimensions.
  public let values: [Value]
  /// A name for the combination, safe in Kubernetes and Argo names: its values, DNS-safe, joined
  /// with `-` (`2009-lyon-1er`); with a short hash when the values would not fit in 63
  /// characters or would read like another combination's.
  public internal(set) var name: String

  public init(values: [Value]) {
    self.values = values
    name = Naming.dns1123(values.map(\.value).joined(separator: "-"))
  }

  /// The value of a parameter of the combination.
  public subscript(_ name: String) -> String? {
    values.first { $0.name == name }?.value
  }

  /// The values by name, as workflow arguments take them.
  public var parameters: [String: String] {
    Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// `vintage=2009, borough=LYON_1ER`.
  public var description: String {
    values.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
  }
}

/// What an experiment is run with (the seed's `inputs`): constants (single values) and the
/// parameters it sweeps. (Not `Inputs`, which is a template's inputs in Argo's model.)
///
/// ```swift
/// let inputs = ExperimentInputs(
///   constants: ["experiment": "lyon-collect", "pattern": "{borough}_{vintage}"],
///   parameters: Sweep(["vintage": vintages, "borough": boroughs]))
/// let name = try inputs.constant("experiment")
/// ```
public struct ExperimentInputs: Sendable, Hashable {
  public var constants: [String: String]
  public var parameters: Sweep

  public init(constants: [String: String] = [:], parameters: Sweep = Sweep(dimensions: [])) {
    self.constants = constants
    self.parameters = parameters
  }

  /// A constant's value.
  ///
  /// - Throws: `ExperimentError` naming the constants there are, when there is none of that name.
  public func constant(_ name: String) throws(ExperimentError) -> String {
    guard let value = constants[name] else {
      let known = constants.keys.sorted()
      throw ExperimentError(
        "the inputs have no constant \(name)",
        hint: known.isEmpty ? "the experiment defines no constants" : "the constants are \(known.joined(separator: ", "))")
    }
    return value
  }

  /// Every combination of the swept parameters.
  public var combinations: [Combination] { parameters.combinations }
}

/// Why an experiment cannot be built or run as asked: what was wrong, and what to try.
public typealias ExperimentError = Explanation<ExperimentFailures>
/// What tells a `ExperimentError` apart from the package's other errors.
public enum ExperimentFailures {}

extension WorkflowNode {
  /// The combination's values as parameter arguments, by name: a task or step for one
  /// combination of the sweep.
  ///
  /// ```swift
  /// Task(layout.taskName("collect", for: combination), template: collect).arguments(combination)
  /// ```
  public func arguments(_ combination: Combination) -> Self {
    arguments(combination.values.map { Parameter(name: $0.name, value: AnyString($0.value)) })
  }
}

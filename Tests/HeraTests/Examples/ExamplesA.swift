import Hera

extension Examples {
  /// Hera's own examples (dags, loops, scripts, steps, artifacts, misc, use_cases).
  static let helperA: [GoldenExample] = []
}

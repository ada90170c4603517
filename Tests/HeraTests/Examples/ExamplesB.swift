import Hera

extension Examples {
  /// Argo's examples as Hera renders them (upstream).
  static let helperB: [GoldenExample] = []
}

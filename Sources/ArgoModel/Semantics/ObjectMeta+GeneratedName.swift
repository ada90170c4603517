extension ObjectMeta {
  /// The most of a `generateName` prefix the Kubernetes API server keeps: 63 characters in all,
  /// less the 5 of the random suffix.
  public static let generatedNamePrefixLimit = 58

  /// The name the API server gives an object from its `generateName` and a random suffix: the
  /// prefix cut to 58 characters, then the suffix (a long prefix never makes a name longer than
  /// 63 characters).
  ///
  /// ```swift
  /// ObjectMeta.name(generatedFrom: "hello-", suffix: "x7k2p")  // "hello-x7k2p"
  /// ```
  public static func name(generatedFrom prefix: String, suffix: String) -> String {
    String(prefix.prefix(generatedNamePrefixLimit)) + suffix
  }
}

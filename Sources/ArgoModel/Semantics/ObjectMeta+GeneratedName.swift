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
  public static func name(generatedFrom prefix: String, suffix: String = randomNameSuffix()) -> String {
    String(prefix.prefix(generatedNamePrefixLimit)) + suffix
  }

  /// The characters of the API server's suffixes: no vowels and no look-alike digits, so that
  /// no word is spelt by chance.
  public static let nameSuffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

  /// Five characters of `nameSuffixAlphabet`, drawn from `next` (random by default).
  public static func randomNameSuffix(_ next: (Int) -> Int = { Int.random(in: 0..<$0) }) -> String {
    String((0..<5).map { _ in nameSuffixAlphabet[next(nameSuffixAlphabet.count)] })
  }
}

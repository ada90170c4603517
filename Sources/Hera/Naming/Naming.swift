/// Names Kubernetes and Argo accept, made from whatever the experiment calls things.
///
/// The seed's users hit "name is not unique" and "invalid name" errors and reached for random
/// suffixes; these helpers are deterministic: the same input always gives the same name.
///
/// ```swift
/// Naming.dns1123("LYON_1ER")                             // "lyon-1er"
/// Naming.suffixed("collect", for: "2009", "LYON_1ER")    // "collect-" + a stable 5-character hash
/// ```
public enum Naming {
  /// A DNS-1123 label: lower-case letters, digits and `-`, starting and ending with a letter or
  /// digit, at most `maxLength` (63) characters. Other characters become `-`; a name cut to
  /// fit ends with a short hash of the whole, so that two long names stay distinct.
  public static func dns1123(_ text: String, maxLength: Int = 63) -> String {
    sanitised(text.lowercased(), original: text, maxLength: maxLength) { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
  }

  /// A name for Argo templates, steps and tasks: letters (either case), digits and `-`,
  /// starting with a letter or digit, at most `maxLength` (128) characters.
  public static func argoName(_ text: String, maxLength: Int = 128) -> String {
    sanitised(text, original: text, maxLength: maxLength) {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
    }
  }

  /// `text` with runs of characters not `allowed` turned into one `-`, without `-` at either
  /// end, within `maxLength`.
  private static func sanitised(_ text: String, original: String, maxLength: Int, allowed: (Unicode.Scalar) -> Bool) -> String {
    var result = ""
    var lastWasDash = true
    for scalar in text.unicodeScalars {
      if allowed(scalar) {
        result.unicodeScalars.append(scalar)
        lastWasDash = false
      } else if !lastWasDash {
        result += "-"
        lastWasDash = true
      }
    }
    while result.hasSuffix("-") { result.removeLast() }
    if result.isEmpty { result = "x" + shortHash(original) }
    return fit(result, original: original, maxLength: maxLength)
  }

  /// `base` followed by `-` and a short hash of `parts`: unique for distinct parts, the same on
  /// every run, and within `maxLength`.
  public static func suffixed(_ base: String, for parts: String..., maxLength: Int = 63) -> String {
    let suffix = shortHash(parts.joined(separator: "\u{1F}"))
    let head = dns1123(base, maxLength: max(1, maxLength - suffix.count - 1))
    return head + "-" + suffix
  }

  /// A stable hash of `text` in `length` lower-case base-36 characters (FNV-1a, 64 bits).
  public static func shortHash(_ text: String, length: Int = 5) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    var result = ""
    for _ in 0..<max(1, min(length, 12)) {
      result.append(digits[Int(hash % 36)])
      hash /= 36
    }
    return result
  }

  /// Cuts a name to `maxLength`, replacing its end with a hash of the original when it is cut.
  private static func fit(_ name: String, original: String, maxLength: Int) -> String {
    guard name.count > maxLength else { return name }
    let hash = shortHash(original)
    var head = String(name.prefix(max(0, maxLength - hash.count - 1)))
    while head.hasSuffix("-") { head.removeLast() }
    return head.isEmpty ? String(hash.prefix(maxLength)) : head + "-" + hash
  }
}

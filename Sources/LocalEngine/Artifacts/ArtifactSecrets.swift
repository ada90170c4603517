import ArgoModel
import Foundation

/// The Secrets an artifact's credentials name, read from the run's `LocalResources`.
struct ArtifactSecrets: Sendable {
  let secrets: [String: [String: String]]

  /// The value of a Secret's key; what it is for appears in the message when it is missing (the
  /// value never does).
  func value(_ selector: SecretKeySelector, for purpose: String) throws(ArtifactError) -> String {
    let name = selector.name ?? ""
    guard let values = secrets[name] else {
      throw ArtifactError(
        "the Secret \(name) (\(purpose)) is not among the resources given", hint: "pass its manifest with --resources FILE")
    }
    guard let value = values[selector.key] else {
      throw ArtifactError(
        "the Secret \(name) has no key \(selector.key) (\(purpose))",
        hint: "its keys are \(values.keys.sorted().joined(separator: ", ")); check the key the artifact names")
    }
    return value
  }
}

/// Addresses as messages show them: without the user and password an address may carry, and
/// without its query (which often holds a signature or a token).
enum RedactedAddress {
  static func of(_ address: String) -> String {
    guard var components = URLComponents(string: address), components.scheme != nil else { return address }
    let hadCredentials = components.user != nil || components.password != nil
    components.user = nil
    components.password = nil
    let hadQuery = components.query != nil
    components.query = nil
    components.fragment = nil
    var shown = components.string ?? address
    if hadCredentials, let separator = shown.range(of: "://") {
      shown.insert(contentsOf: "***@", at: separator.upperBound)
    }
    return shown + (hadQuery ? "?…" : "")
  }
}

import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// Parses a duration option.
package struct DurationArgument: ExpressibleByArgument {
  package let seconds: TimeInterval

  package init?(argument: String) {
    guard let seconds = Age.parse(argument) else { return nil }
    self.seconds = seconds
  }

  package static var defaultCompletionKind: CompletionKind { .default }
}

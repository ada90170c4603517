import ArgoModel
import ArgumentParser
import HeraSession
import HeraUtils

/// `hera config`: the resolved settings, with where each comes from.
struct Config: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the resolved settings and where each comes from (the token redacted).",
    discussion: """
      Precedence, highest first: flag, environment variable, $ARGOCONFIG, ./hera.config, \
      ~/hera.config, the kubeconfig (namespace and token), the default.
      """
  )

  @OptionGroup var hera: HeraOptions

  @Option(name: [.short, .customLong("output")], help: "The output format: text or json.")
  var output: ConfigFormat = .text

  func run() async throws {
    let settings: HeraSettings
    do {
      settings = try hera.settings()
    } catch {
      throw CommandFailure(error, exitCode: 2)
    }
    for warning in settings.warnings { Diagnostics.standard.warning(warning) }
    let rows = settings.rows
    switch output {
    case .json:
      var object = JSONObject()
      for row in rows {
        object.append(row.name.replacingOccurrences(of: " ", with: "_"), ["value": .string(row.value), "source": .string(row.source)])
      }
      var writer = JSONWriter(style: .pretty)
      writer.writeDocument(.object(object))
      Terminal.standardOutput.write(writer.bytes)
    case .text:
      var text = SettingsTable.text(rows, indent: "")
      if !settings.configFiles.isEmpty { text += "config files read: \(settings.configFiles.joined(separator: ", "))\n" }
      Terminal.standardOutput.write(text)
    }
  }

}

enum ConfigFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

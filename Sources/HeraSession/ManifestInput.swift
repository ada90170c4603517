import ArgoModel
import ArgumentParser
import Hera

/// The documents of the files a command was given, read with the same options everywhere,
/// and their diagnostics printed the same way.
package struct ManifestInput {
  package var documents: [ManifestDocument] = []

  package init() {}

  package var manifests: [Manifest] { documents.map(\.manifest) }

  /// Reads every file, printing read errors and warnings; throws `ExitCode.failure` after
  /// reading them all when one could not be read.
  package static func read(_ files: [String], strict: Bool) throws(ExitCode) -> ManifestInput {
    var options = ManifestReader.Options()
    options.decoding = strict ? .strict : .preserving
    let reader = ManifestReader(options: options)
    var input = ManifestInput()
    var failed = false
    for file in files {
      do {
        let documents = try reader.read(contentsOf: file)
        for warning in Set(documents.flatMap(\.warnings).map(\.description)).sorted() {
          Terminal.standardError.write("warning: \(warning)\n")
        }
        // An empty file (or one of comments only) is a mistake: a wrong path, a file not
        // written yet, an empty standard input; saying nothing would pass for success.
        guard !documents.isEmpty else {
          let name = file == "-" ? "standard input" : file
          Terminal.standardError.write("error: \(name) holds no manifest: it is empty, or only comments\n")
          failed = true
          continue
        }
        input.documents += documents
      } catch {
        Terminal.standardError.write("error: \(error)\n")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
    return input
  }

  /// Lints the documents together, so that templates of one resolve references of another.
  package func lint(options: Linter.Options = .lint) -> [(document: ManifestDocument, diagnostics: [Diagnostic])] {
    let linter = Linter(options: options, library: TemplateLibrary(manifests))
    return documents.map { ($0, linter.lint($0.manifest)) }
  }

  /// Prints the warnings and errors to standard error; returns whether one is an error.
  package static func report(_ results: [(document: ManifestDocument, diagnostics: [Diagnostic])]) -> Bool {
    var failed = false
    for (document, diagnostics) in results {
      for diagnostic in diagnostics where diagnostic.severity >= .warning {
        Terminal.standardError.write(format(diagnostic, in: document) + "\n")
        failed = failed || diagnostic.severity == .error
      }
    }
    return failed
  }

  /// `file:line: error: path: message (hint) [rule]`.
  package static func format(_ diagnostic: Diagnostic, in document: ManifestDocument) -> String {
    var place = document.source ?? "-"
    if let line = document.line(of: diagnostic.path.valuePath) ?? Optional(document.line) { place += ":\(line)" }
    return "\(place): \(diagnostic)"
  }
}

import ArgumentParser

/// The `hera` command: Argo workflows from the command line.
public struct Hera: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "hera",
    abstract: "Check, render, run and submit Argo workflows.",
    subcommands: [Render.self, Lint.self, Graph.self, Config.self, Check.self]
  )

  public init() {}
}

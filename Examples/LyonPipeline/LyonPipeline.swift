import HeraExperiment

/// A staged pipeline, as the seed's CityGML → 3D Tiles experiments are: for each vintage and
/// borough, collect → split → strip, each stage reading the previous stage's file on the shared
/// volume and writing its own, named after it; for each vintage, a database runs as a daemon
/// (ready once its readiness probe passes), each borough's stripped file is loaded into it, and
/// a tiler makes the vintage's tileset from what was loaded.
///
/// Every step is a stand-in written with the shell (the real images are not reachable here);
/// the files, their names and the order are those of the real experiment.
///
/// ```
/// swift run lyon-pipeline
/// swift run lyon-pipeline --vintages 2012 --boroughs LYON_1ER LYON_2EME LYON_3EME
/// swift run lyon-pipeline --graph -o dot | dot -Tsvg > pipeline.svg
/// ```
@main
struct LyonPipeline: ExperimentCommand {
  static let configuration = CommandConfiguration(
    commandName: "lyon-pipeline",
    abstract: "Collect, split and strip Lyon's CityGML per vintage and borough, load each vintage into a database, then tile it.")

  static let defaults = ExperimentDefaults(volumeClaim: "lyon-data", mountPath: "/within-container-mount-point")

  @OptionGroup var experiment: ExperimentOptions

  @Option(parsing: .upToNextOption, help: "The vintages (years).")
  var vintages: [String] = ["2009", "2012"]

  @Option(parsing: .upToNextOption, help: "The boroughs.")
  var boroughs: [String] = ["LYON_1ER", "LYON_8EME"]

  func validate() throws {
    if vintages.isEmpty || boroughs.isEmpty { throw ValidationError("give at least one vintage and one borough") }
  }

  var inputs: ExperimentInputs {
    ExperimentInputs(constants: ["experiment": "lyon-pipeline"], parameters: Sweep(["vintage": vintages, "borough": boroughs]))
  }

  func workflow(_ environment: Environment) throws -> Workflow {
    let volume = try environment.requireVolume()
    let layout = ExperimentLayout(root: volume.path(try inputs.constant("experiment")))
    let collected = layout.stage(1, "collect")
    let split = layout.stage(2, "split")
    let stripped = layout.stage(3, "strip")
    let database = layout.stage(4, "database")
    let tiles = layout.stage(5, "tiles")
    let image = environment.image("busybox:1.36")

    func shell(_ name: String, _ script: ArgoString, inputs: [String]) -> Container {
      Container(name, image: image, command: ["sh", "-c"], args: ["set -e\n\(script)"]) {
        for input in inputs { Input(input) }
      }
      .using(environment)
    }
    let collect = shell(
      "collect",
      """
      mkdir -p "$(dirname "\(ArgoString.input("output"))")"
      printf '<CityModel vintage="%s" borough="%s">\\n' "\(ArgoString.input("vintage"))" "\(ArgoString.input("borough"))" > "\(ArgoString.input("output"))"
      for building in 1 2 3 4; do
        printf '    <bldg:Building id="%s-%s"/>\\n' "\(ArgoString.input("borough"))" "$building" >> "\(ArgoString.input("output"))"
      done
      printf '</CityModel>\\n' >> "\(ArgoString.input("output"))"
      """,
      inputs: ["vintage", "borough", "output"])
    // One building per line, the document's frame left out.
    let splitBuildings = shell(
      "split",
      """
      mkdir -p "$(dirname "\(ArgoString.input("output"))")"
      grep 'bldg:Building' "\(ArgoString.input("input"))" > "\(ArgoString.input("output"))"
      """,
      inputs: ["input", "output"])
    let strip = shell(
      "strip",
      """
      mkdir -p "$(dirname "\(ArgoString.input("output"))")"
      sed 's/^ *//' "\(ArgoString.input("input"))" > "\(ArgoString.input("output"))"
      """,
      inputs: ["input", "output"])
    // The database of a vintage: empty when it starts, as a database made for the run is (the
    // volume keeps the folder of an earlier run, whose boroughs this run's tiles must not
    // count); ready once it has written this run's marker (an earlier run's cannot be taken for
    // it); it runs until the DAG ends.
    let ready: ArgoString = "\(ArgoString.input("directory"))/ready-\(ArgoString.workflowName)"
    let databaseServer = shell(
      "database",
      """
      rm -rf "\(ArgoString.input("directory"))"
      mkdir -p "\(ArgoString.input("directory"))"
      echo "database of \(ArgoString.input("vintage")) up" && touch "\(ready)"
      while true; do sleep 1; done
      """,
      inputs: ["vintage", "directory"]
    )
    .daemon()
    .readinessProbe(Probe(exec: ExecAction(command: ["test", "-f", ready.text]), initialDelaySeconds: 0, periodSeconds: 1))
    let load = shell(
      "load",
      """
      cp "\(ArgoString.input("input"))" "\(ArgoString.input("directory"))/"
      echo "loaded $(basename "\(ArgoString.input("input"))") into the database at \(ArgoString.input("database-ip"))"
      """,
      inputs: ["input", "directory", "database-ip"])
    let tile = shell(
      "tile",
      """
      mkdir -p "$(dirname "\(ArgoString.input("output"))")"
      count=$(cat "\(ArgoString.input("directory"))"/*.gml | wc -l)
      printf '{"asset": {"version": "1.0"}, "vintage": "%s", "buildings": %s}\\n' "\(ArgoString.input("vintage"))" $count > "\(ArgoString.input("output"))"
      echo "tiled $count buildings"
      """,
      inputs: ["vintage", "directory", "output"])

    return Workflow(generateName: "lyon-pipeline-", entrypoint: "main") {
      DAG("main") {
        for vintage in inputs.parameters.values(of: "vintage") {
          let databaseFolder = database.directory(for: vintage)
          let server = Task(
            "database-\(ExperimentLayout.nameSuffix(vintage))", template: databaseServer,
            arguments: ["vintage": ArgoString(vintage), "directory": ArgoString(databaseFolder)])
          server
          let tiler = Task(
            "tile-\(ExperimentLayout.nameSuffix(vintage))", template: tile,
            arguments: [
              "vintage": ArgoString(vintage), "directory": ArgoString(databaseFolder),
              "output": ArgoString(tiles.directory(for: vintage) + "/tileset.json"),
            ])
          for combination in inputs.combinations where combination["vintage"] == vintage {
            let raw = collected.file(for: combination, extension: "gml")
            let parts = split.file(chainedFrom: raw, for: combination, adding: "split")
            let clean = stripped.file(chainedFrom: parts, for: combination, adding: "stripped")
            let steps = chain(
              Task(
                layout.taskName("collect", for: combination), template: collect,
                arguments: [
                  "vintage": ArgoString(vintage), "borough": ArgoString(combination["borough"] ?? ""), "output": ArgoString(raw),
                ]),
              Task(
                layout.taskName("split", for: combination), template: splitBuildings,
                arguments: ["input": ArgoString(raw), "output": ArgoString(parts)]),
              Task(
                layout.taskName("strip", for: combination), template: strip,
                arguments: ["input": ArgoString(parts), "output": ArgoString(clean)]),
              // Reading the database's address makes the load wait for it to be ready.
              Task(
                layout.taskName("load", for: combination), template: load,
                arguments: ["input": ArgoString(clean), "directory": ArgoString(databaseFolder), "database-ip": server.ip]))
            steps >> tiler
          }
        }
      }
    }
  }
}

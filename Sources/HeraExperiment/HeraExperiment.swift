// What an experiment executable needs, in one import: the model of Argo's resources, the DSL,
// the settings and the environment (HeraUtils), `ExperimentCommand` (HeraCLI) and the argument
// parser its options are declared with.
//
//     import HeraExperiment
//
//     @main
//     struct Collect: ExperimentCommand { ... }


@_exported import ArgumentParser
@_exported import Hera
@_exported import HeraCLI
@_exported import HeraUtils

// What an experiment executable needs, in one import: the model of Argo's resources and the DSL
// (Hera), the settings and the environment (HeraUtils), `ExperimentCommand` (this module) and
// the argument parser its options are declared with. The command line `hera` is not part of it.
//
//     import HeraExperiment
//
//     @main
//     struct Collect: ExperimentCommand { ... }

@_exported import ArgumentParser
@_exported import Hera
@_exported import HeraUtils

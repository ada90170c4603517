import Hera

/// Hera's examples of `use_cases/`, written with the DSL.
extension Examples {
  static let useCasesFolder: [GoldenExample] = [
    GoldenExample("use_cases/reusing-cli-app.yaml") {
      Workflow(generateName: "cli-example-", entrypoint: "hello") {
        pythonScript(
          "hello", parameters: ["count", "name"],
          #"""
          """Simple program that greets NAME for a total of COUNT times."""
          for _ in range(count):
              print(f'Hello {name}!')
          """#)
      }
      .arguments(["count": "3", "name": "Hera"])
    },
    GoldenExample("use_cases/testing-templates-and-workflows.yaml") {
      let area = runnerScript(
        "calculate-area-of-rectangle", image: "my-built-python-image",
        entry: "use_cases.testing_templates_and_workflows:calculate_area_of_rectangle"
      ) {
        Input("rectangle")
      }
      return Workflow(generateName: "dag-", namespace: "argo", entrypoint: "dag") {
        DAG("dag") {
          Task("rectangle-1", template: area, arguments: ["rectangle": #"{"length":1.2,"width":3.4}"#])
            >> Task("rectangle-2", template: area, arguments: ["rectangle": #"{"length":4.3,"width":2.1}"#])
        }
      }
    },
    GoldenExample("use_cases/dask.yaml") {
      let dask = pythonScript(
        "dask-computation", image: "ghcr.io/dask/dask:latest",
        inputs: [Parameter(name: "namespace", default: "default"), Parameter(name: "n_workers", default: "1")],
        """
        import subprocess
        subprocess.run(['pip', 'install', 'dask-kubernetes', 'dask[distributed]'], stdout=subprocess.PIPE, universal_newlines=True)
        import dask.array as da
        from dask.distributed import Client
        from dask_kubernetes.operator import KubeCluster
        cluster = KubeCluster(image='ghcr.io/dask/dask:latest', resources={'requests': {'memory': '2G', 'cpu': '1'}, 'limits': {'memory': '4G', 'cpu': '1'}}, namespace=namespace, n_workers=n_workers)
        client = Client(cluster)
        array = da.ones((1000, 1000, 1000))
        print('Array mean = {array_mean}, expected = 1.0'.format(array_mean=array.mean().compute()))
        client.close()
        """)
      return Workflow(generateName: "dask-", entrypoint: "s") {
        Steps("s") { Step("dask-computation", template: dask) }
      }
    },
    GoldenExample("use_cases/wandb-ml-monitoring.yaml") {
      let train = runnerScript("train-model", entry: "use_cases.wandb_ml_monitoring:train_model") {
        Input("project_name")
        Input("learning_rate")
        Input("architecture")
        Input("dataset")
        Input("epochs")
      }
      .env("WANDB_API_KEY", secret: "wandb-api-key", key: "wandb-api-key")
      return Workflow(name: "wandb-ml-monitoring", entrypoint: "train") {
        DAG("train") {
          for (index, rate) in ["0.1", "0.01", "0.001"].enumerated() {
            Task(
              "train-\(index + 1)", template: train,
              arguments: [
                "project_name": "wandb-ml-monitoring", "learning_rate": ArgoString(rate), "architecture": "CNN",
                "dataset": "MNIST", "epochs": "10",
              ])
          }
        }
      }
    },
    GoldenExample("use_cases/parquet-pandas.yaml") {
      let create = runnerScript(
        "create-dataframe", entry: "use_cases.parquet_pandas:create_dataframe", outputsDirectory: "/tmp/hera-outputs"
      ) {
        unarchived("dataset", path: "/tmp/hera-outputs/artifacts/dataset")
      }
      let loadb = runnerScript("loadb-dataframe", entry: "use_cases.parquet_pandas:loadb_dataframe") {
        InputArtifact("dataset", path: "/tmp/hera-inputs/artifacts/dataset")
      }
      let loadFromPath = runnerScript("load-dataframe-from-path", entry: "use_cases.parquet_pandas:load_dataframe_from_path") {
        InputArtifact("dataset", path: "/tmp/hera-inputs/artifacts/dataset")
      }
      return Workflow(generateName: "pandas-example-", entrypoint: "d") {
        DAG("d") {
          let created = Task("create-dataframe", template: create)
          created
          Task("loadb-dataframe", template: loadb).artifacts(["dataset": created.artifact("dataset")])
          Task("load-dataframe-from-path", template: loadFromPath).artifacts(["dataset": created.artifact("dataset")])
        }
      }
      .serviceAccountName("argo")
    },
    GoldenExample("use_cases/spark.yaml") {
      let spark = pythonScript(
        "spark", image: "jupyter/pyspark-notebook:latest", parameters: ["num_data"],
        """
        import random
        import subprocess
        import time
        subprocess.run(['pip', 'install', 'pyspark', 'pandas'], stdout=subprocess.PIPE, universal_newlines=True)
        import pandas as pd
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.master('local[1]').appName('my-spark-example-running-in-hera.com').getOrCreate()
        (data, columns) = ([random.randint(0, num_data) for _ in range(num_data)], ['value'])
        pandas_df = pd.DataFrame(data=data, columns=columns)
        start = time.time()
        pandas_result = pandas_df.describe()
        pandas_elapsed = time.time() - start
        print('Pandas dataframe: ')
        print(pandas_result)
        print('Pandas dataframe took {pandas_elapsed} seconds to compute'.format(pandas_elapsed=pandas_elapsed))
        spark_df = spark.createDataFrame(data=pandas_df, schema=columns)
        start = time.time()
        spark_result = spark_df.describe()
        spark_elapsed = time.time() - start
        print('Spark dataframe: ')
        print(spark_result)
        print('Spark dataframe took {spark_elapsed} seconds to compute'.format(spark_elapsed=spark_elapsed))
        """
      )
      .resources(requests: ["cpu": "4", "memory": "8Gi"])
      return Workflow(generateName: "spark-", entrypoint: "d") {
        DAG("d") {
          for index in 0..<6 {
            Task("spark-\(index)", template: spark, arguments: ["num_data": "1000\(String(repeating: "0", count: index))"])
          }
        }
      }
    },
    GoldenExample("use_cases/spacy-inference-pipeline.yaml") {
      let dataPrep = pythonScript(
        "data-prep", image: "jupyter/datascience-notebook:latest",
        """
        import json
        import subprocess
        from spacy.lang.en.examples import sentences
        print(subprocess.run('cd /mnt/data && ls -l', shell=True, capture_output=True).stdout.decode())
        ' the used image does not have `spacy` installed, so we need to install it first! '
        subprocess.run(['pip', 'install', 'spacy'], stdout=subprocess.PIPE, universal_newlines=True)
        ' dumping spacy example sentences data into a file\\n        replace this with real dataset '
        with open('/mnt/data/input_data.json', 'w') as json_file:
            json.dump(sentences, json_file)
        print('Data preparation completed')
        print(subprocess.run('cd /mnt/data && ls -l', shell=True, capture_output=True).stdout.decode())
        """
      )
      .volumeMount("data-dir", at: "/mnt/data")
      .resources(requests: ["cpu": "0.5", "memory": "1Gi"])
      let inference = pythonScript(
        "inference-spacy", image: "jupyter/datascience-notebook:latest",
        """
        import subprocess
        ' the used image does not have `spacy` installed, so we need to install it first! '
        subprocess.run(['pip', 'install', 'spacy'], stdout=subprocess.PIPE, universal_newlines=True)
        print(subprocess.run('cd /mnt/data && ls -l ', shell=True, capture_output=True).stdout.decode())
        import json
        from typing import List
        import pydantic
        import spacy
        from pydantic import BaseModel
        from spacy.cli import download
        ' download and load spacy model https://spacy.io/models/en#en_core_web_lg '
        spacy_model_name = 'en_core_web_lg'
        download(spacy_model_name)
        nlp = spacy.load(spacy_model_name)
        ' build pydantic model '
        print(pydantic.version.version_info())

        class NEROutput(BaseModel):
            input_text: str
            ner_entities: List[str] = []
        ner_output_list: List[NEROutput] = []
        ' read data prepared from previous step data_prep '
        with open('/mnt/data/input_data.json', 'r') as json_file:
            input_data = json.load(json_file)
            print(input_data)
            ' iterate each sentence in the data and perform NER '
            for sentence in input_data:
                print('input text: ' + sentence)
                doc = nlp(sentence)
                print('output NER:')
                ner_entities: List[str] = []
                for entity in doc.ents:
                    ' Print the entity text and its NER label '
                    ner_entity = entity.text + ' is ' + entity.label_
                    print(ner_entity)
                    ner_entities.append(ner_entity)
                print('ner_entities = + ' + ner_entities)
                ner_output = NEROutput(input_text=sentence, ner_entities=ner_entities)
                ner_output_list.append(dict(ner_output))
            print('ner_output_list = ' + ner_output_list)
        print('Inference completed')
        ' save output in a file '
        with open('/mnt/data/output_data.json', 'w') as json_file:
            json.dump(ner_output_list, json_file)
        print(subprocess.run('cd /mnt/data && ls -l ', shell=True, capture_output=True).stdout.decode())
        """
      )
      .volumeMount("data-dir", at: "/mnt/data")
      .resources(requests: ["cpu": "0.5", "memory": "1Gi"])
      return Workflow(generateName: "spacy-inference-pipeline-", namespace: "argo", entrypoint: "spacy-inference-pipeline") {
        Steps("spacy-inference-pipeline") {
          Step("data-prep", template: dataPrep)
          Step("inference-spacy", template: inference)
        }
      }
      .serviceAccountName("hera")
      .volumeClaim("data-dir", storage: "1Gi")
    },
    GoldenExample("use_cases/map-reduce.yaml") {
      func s3(_ key: ArgoString) -> S3Artifact { S3Artifact(key: key.text) }
      let split = pythonScript(
        "split", image: "python:alpine3.6", parameters: ["num_parts"],
        """
        import json
        import os
        import sys
        os.mkdir('/mnt/out')
        part_ids = list(map(lambda x: str(x), range(num_parts)))
        for (i, part_id) in enumerate(part_ids, start=1):
            with open('/mnt/out/' + part_id + '.json', 'w') as f:
                json.dump({'foo': i}, f)
        json.dump(part_ids, sys.stdout)
        """
      )
      .io { unarchived("parts", path: "/mnt/out").with { $0.s3 = s3("\(ArgoString.workflowName)/parts") } }
      let map = pythonScript(
        "map-", image: "python:alpine3.6",
        """
        import json
        import os
        os.mkdir('/mnt/out')
        with open('/mnt/in/part.json') as f:
            part = json.load(f)
        with open('/mnt/out/part.json', 'w') as f:
            json.dump({'bar': part['foo'] * 2}, f)
        """
      )
      .io {
        InputArtifact("part", path: "/mnt/in/part.json")
        Input("part_id")
        unarchived("part", path: "/mnt/out/part.json").with {
          $0.s3 = s3("\(ArgoString.workflowName)/results/\(ArgoString.input("part_id")).json")
        }
      }
      let reduce = pythonScript(
        "reduce", image: "python:alpine3.6",
        """
        import json
        import os
        os.mkdir('/mnt/out')
        total = 0
        for f in list(map(lambda x: open('/mnt/in/' + x), os.listdir('/mnt/in'))):
            result = json.load(f)
            total = total + result['bar']
        with open('/mnt/out/total.json', 'w') as f:
            json.dump({'total': total}, f)
        """
      )
      .io {
        InputArtifact("results", path: "/mnt/in").with { $0.s3 = s3("\(ArgoString.workflowName)/results") }
        unarchived("total", path: "/mnt/out/total.json").with { $0.s3 = s3("\(ArgoString.workflowName)/total.json") }
      }
      return Workflow(generateName: "map-reduce-", entrypoint: "main") {
        DAG("main") {
          let splitted = Task("split", template: split, arguments: ["num_parts": .workflowParameter("num_parts")])
          splitted
          Task("map-", template: map, arguments: ["part_id": .item])
            .artifacts([Artifact(name: "part", s3: s3("\(ArgoString.workflowName)/parts/\(ArgoString.item).json"))])
            .withParam(splitted.result)
            >> Task("reduce", template: reduce)
        }
      }
      .arguments(["num_parts": "4"])
    },
  ]
}

// kubereader reads YAML the way kubectl and Helm do, for eks-irsa's tests: what `eks-irsa render` prints must be, once
// read by these libraries, exactly what `pulumi up` sends.
//
// Usage: kubereader <command> [flags] < requests > answers
//
// Every command reads JSON lines on stdin, one request each, and writes one JSON line per request on stdout, in order,
// so that a test batches all its cases into one process. A request is {"id": any, ...}; an answer carries the same id
// and either its result or {"error": "..."} (the library's error: a refusal, not a crash of kubereader).
//
//	manifests   {"id", "text"} -> {"id", "objects": [...]}
//	    The objects `kubectl apply -f -` reads from text: k8s.io/apimachinery's YAMLOrJSONDecoder (kubectl's
//	    resource.StreamVisitor), each document through sigs.k8s.io/yaml (go-yaml, YAML 1.1) to JSON; empty and null
//	    documents are skipped as kubectl skips them.
//	values      {"id", "text"} -> {"id", "values": {...}}
//	    A values file as Helm reads it: helm.sh/helm/v3/pkg/chartutil.ReadValues.
//	chart       --chart DIR [--release NAME] [--namespace NS]; {"id", "text"} -> {"id", "objects": [...]}
//	    The chart in DIR rendered by Helm's engine (helm.sh/helm/v3/pkg/engine) with text as the values file
//	    (coalesced with the chart's values as `helm install -f` does), then every rendered manifest read as `manifests`.
//	quantity    {"id", "text"} -> {"id", "decimal": "<unscaled>e<exponent>"}
//	    k8s.io/apimachinery's resource.ParseQuantity of text (its AsDec, as unscaled × 10^exponent), or its error.
//	release-name {"id", "text"} -> {"id", "valid": true}
//	    Helm's chartutil.ValidateReleaseName (at most 53 characters, lower-case DNS labels), or its error.
//	set         {"id", "args": ["key=value", ...], "kind": "set" | "set-string"} -> {"id", "values": {...}}
//	    Helm's --set (or --set-string) override arguments, parsed by helm.sh/helm/v3/pkg/strvals.
//	batch       [--chart DIR ...]; {"id", "command", ...} -> the answer of that command
//	    Any mix of the requests above in one process (a property run's cases).
//
// Built by the tests from the Go module proxy (tests/kubeReader.ts); it is its own module so that the package's
// dependencies stay as they are.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
	"helm.sh/helm/v3/pkg/strvals"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

type request struct {
	ID   json.RawMessage `json:"id"`
	Text string          `json:"text"`
	Args []string        `json:"args"`
	Kind string          `json:"kind"`
	// The command of one request of batch.
	Command string `json:"command"`
}

type answerFunc func(request) (string, interface{}, error)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kubereader manifests|values|chart|quantity|release-name|set|batch [flags] < JSON lines")
		os.Exit(2)
	}
	command := os.Args[1]
	flags := flag.NewFlagSet(command, flag.ExitOnError)
	dir := flags.String("chart", "", "chart and batch: the chart's directory")
	release := flags.String("release", "release", "chart and batch: the release name")
	namespace := flags.String("namespace", "default", "chart and batch: the release namespace")
	_ = flags.Parse(os.Args[2:])
	answers := commands(*dir, *release, *namespace)
	answer, ok := answers[command]
	if command == "batch" {
		answer, ok = func(r request) (string, interface{}, error) {
			one, known := answers[r.Command]
			if !known {
				return "", nil, fmt.Errorf("unknown command %q", r.Command)
			}
			return one(r)
		}, true
	}
	if !ok {
		fmt.Fprintf(os.Stderr, "kubereader: unknown command %q (manifests, values, chart, quantity, release-name, set, batch)\n", command)
		os.Exit(2)
	}
	if err := serve(os.Stdin, os.Stdout, answer); err != nil {
		fmt.Fprintln(os.Stderr, "kubereader:", err)
		os.Exit(1)
	}
}

// commands answers each command's request; the chart's from dir, as the release named release in namespace.
func commands(dir, release, namespace string) map[string]answerFunc {
	return map[string]answerFunc{
		"manifests": func(r request) (string, interface{}, error) {
			objects, err := readManifests([]byte(r.Text))
			return "objects", objects, err
		},
		"values": func(r request) (string, interface{}, error) {
			values, err := chartutil.ReadValues([]byte(r.Text))
			return "values", values, err
		},
		"chart": func(r request) (string, interface{}, error) {
			objects, err := renderChart(dir, release, namespace, []byte(r.Text))
			return "objects", objects, err
		},
		"quantity": func(r request) (string, interface{}, error) {
			q, err := resource.ParseQuantity(r.Text)
			if err != nil {
				return "decimal", nil, err
			}
			d := q.AsDec()
			return "decimal", fmt.Sprintf("%se%d", d.UnscaledBig().String(), -int64(d.Scale())), nil
		},
		"release-name": func(r request) (string, interface{}, error) {
			return "valid", true, chartutil.ValidateReleaseName(r.Text)
		},
		"set": func(r request) (string, interface{}, error) {
			values := map[string]interface{}{}
			for _, arg := range r.Args {
				var err error
				if r.Kind == "set-string" {
					err = strvals.ParseIntoString(arg, values)
				} else {
					err = strvals.ParseInto(arg, values)
				}
				if err != nil {
					return "values", nil, err
				}
			}
			return "values", values, nil
		},
	}
}

func serve(in io.Reader, out io.Writer, answer answerFunc) error {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 1<<20), 1<<30)
	writer := bufio.NewWriter(out)
	defer writer.Flush()
	for scanner.Scan() {
		if len(bytes.TrimSpace(scanner.Bytes())) == 0 {
			continue
		}
		var r request
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			return fmt.Errorf("a request is not JSON: %w", err)
		}
		key, result, err := answer(r)
		response := map[string]interface{}{"id": r.ID}
		if err != nil {
			response["error"] = err.Error()
		} else {
			response[key] = result
		}
		line, err := json.Marshal(response)
		if err != nil {
			return err
		}
		writer.Write(append(line, '\n'))
	}
	return scanner.Err()
}

// readManifests is kubectl's resource.StreamVisitor: each document decoded into a RawExtension (its JSON), empty and
// "null" documents skipped; then each object's JSON as the API machinery's unstructured decoder reads it.
func readManifests(text []byte) ([]interface{}, error) {
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(text), 4096)
	objects := []interface{}{}
	for {
		ext := runtime.RawExtension{}
		if err := decoder.Decode(&ext); err != nil {
			if errors.Is(err, io.EOF) {
				return objects, nil
			}
			return nil, err
		}
		ext.Raw = bytes.TrimSpace(ext.Raw)
		if len(ext.Raw) == 0 || bytes.Equal(ext.Raw, []byte("null")) {
			continue
		}
		var object interface{}
		reader := json.NewDecoder(bytes.NewReader(ext.Raw))
		reader.UseNumber()
		if err := reader.Decode(&object); err != nil {
			return nil, err
		}
		objects = append(objects, object)
	}
}

// renderChart is `helm template -f values.yaml` of the chart in dir: values coalesced with the chart's, rendered by
// Helm's engine, manifests split and sorted as Helm does, each read as kubectl reads it.
func renderChart(dir, release, namespace string, valuesText []byte) ([]interface{}, error) {
	chart, err := loader.Load(dir)
	if err != nil {
		return nil, err
	}
	values, err := chartutil.ReadValues(valuesText)
	if err != nil {
		return nil, err
	}
	options := chartutil.ReleaseOptions{Name: release, Namespace: namespace, Revision: 1, IsInstall: true}
	renderValues, err := chartutil.ToRenderValues(chart, values, options, chartutil.DefaultCapabilities)
	if err != nil {
		return nil, err
	}
	rendered, err := engine.Render(chart, renderValues)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(rendered))
	for name := range rendered {
		if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	objects := []interface{}{}
	for _, name := range names {
		manifests := releaseutil.SplitManifests(rendered[name])
		keys := make([]string, 0, len(manifests))
		for key := range manifests {
			keys = append(keys, key)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, key := range keys {
			read, err := readManifests([]byte(manifests[key]))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			objects = append(objects, read...)
		}
	}
	return objects, nil
}

// sigsyaml is the library both readers rest on (sigs.k8s.io/yaml: go-yaml's YAML 1.1, converted to JSON); named here
// so that go.mod keeps it as a direct requirement.
var _ = sigsyaml.Unmarshal

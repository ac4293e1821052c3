"""Converts every Sigma rule of detections/sigma with pySigma and prints what the backends make of it, as JSON.

    python detections/tools/convert.py > detections/generated/pysigma.json

For each rule (by id): the Lucene query of the Elasticsearch backend and of the OpenSearch backend, the
ATT&CK threat block of the Elasticsearch backend's Kibana rule output, the query of the OpenSearch backend's
monitor output, and the findings of pySigma's own rule validators. ftpsight's generator (npm run detections)
builds the Elastic and OpenSearch files from these queries; a test runs this script again and compares.

pySigma looks ATT&CK names up in MITRE's STIX data, which it downloads by default: here it reads the small
excerpt in detections/attack/ instead, and never the network. D3FEND's validator is left out for the same
reason (its data is a download too, and no rule has a d3fend tag).
"""

import json
import sys
from pathlib import Path

from sigma.backends.elasticsearch import LuceneBackend
from sigma.backends.opensearch import OpensearchLuceneBackend
from sigma.collection import SigmaCollection
from sigma.data import mitre_attack
from sigma.validation import SigmaValidator
from sigma.validators.core import validators

DETECTIONS = Path(__file__).resolve().parent.parent
# Any index name: the queries do not depend on it, and the threat block is all that is read of the rules.
INDEX = ["ftpsight-sessions-*"]


def main() -> None:
    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if cache is not None:
        mitre_attack.set_cache_dir(str(cache))
    mitre_attack.set_url(str(DETECTIONS / "attack" / "enterprise-attack-subset.json"))

    files = sorted((DETECTIONS / "sigma").glob("*.yml"))
    checks = SigmaValidator(v for name, v in validators.items() if "d3fend" not in name)
    out = {}
    for path in files:
        # One collection per file, so that every output below belongs to this rule alone.
        rule = SigmaCollection.load_ruleset([path])
        elastic = LuceneBackend(index_names=INDEX)
        opensearch = OpensearchLuceneBackend(index_names=INDEX)
        siem_rule = elastic.convert(rule, "siem_rule_ndjson")[0]
        monitor = opensearch.convert(rule, "monitor_rule")[0]
        issues = checks.validate_rules(rule)
        out[str(rule.rules[0].id)] = {
            "file": path.name,
            "elasticsearch_lucene": elastic.convert(rule)[0],
            "opensearch_lucene": opensearch.convert(rule)[0],
            "opensearch_monitor_query": monitor["inputs"][0]["search"]["query"]["query"]["bool"]["must"][0][
                "query_string"
            ]["query"],
            "threat": siem_rule["threat"],
            "validator_issues": sorted(f"{type(i).__name__}: {i.description}" for i in issues),
        }
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

"""Starts the Rasa server (`rasa run ...`, same arguments) with one speed fix to Rasa 3.6's custom-action path.

After every custom action, Rasa 3.6 validates the action server's response with `jsonschema.validate(result,
schema)`, which first re-checks the *schema itself* against the JSON-Schema meta-schema: measured on 2 cores that
costs about 20 ms per custom action, more than everything else in a turn (NLU, policies, tracker store) together.
Here the schema is checked once, and each response is validated against it with the same validator class: the same
responses are accepted and rejected, with the same error message. Usage: `python scripts/rasa_server.py run ...`.
"""
import sys

import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError, validators

_validator = None


def _validate_action_result(self, result):
    global _validator
    if _validator is None:
        schema = self.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, not on every response
        _validator = cls(schema)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {rasa_action.DOCS_BASE_URL}/custom-actions"
        )
        raise e


rasa_action.RemoteAction._validate_action_result = _validate_action_result

if __name__ == "__main__":
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()

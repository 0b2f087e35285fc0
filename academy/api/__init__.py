"""The JSON API's description: an OpenAPI 3.1 document kept in openapi.yaml."""

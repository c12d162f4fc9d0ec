"""Exchange with the systems around episurv: DHIS2 aggregate figures (dataValueSets JSON and
ADX XML) and HL7 FHIR R4 people and results."""

"""Links to other vocabularies: vocabulary imports (vocab), SSSOM mappings (sssom), suggestions (suggest)."""

"""The service's mutual aid self-assessment (PHE tool, 2013): items, evidence figures, export.

Modules are imported directly (``fama.assessment.items``, ``.model``, ``.export``...); this
package imports nothing, so loading one never pays for the others.
"""

"""Extractors: small components over an Article, each returning plain records with offsets."""

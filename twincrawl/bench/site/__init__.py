"""The generated bench site: article and listing pages sized like real publishers' pages."""

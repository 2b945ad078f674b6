"""Pictures: charts drawn from figures, as SVG for HTML, Mermaid or tables for Markdown, and
PNG for Word.

``svg`` holds the drawing helpers every chart shares; ``charts`` draws a step's charts as its
content asks (readiness, adoption curve, scores), ``programme_charts`` a programme's phases, risk
heat map and progress to target, ``trend_charts`` the trends over check-ins, ``timeline`` the
dated rows, and ``raster`` turns a picture into an image for Word. Pictures take figures and
give back a chart with its title and its description in words; they never decide what a
document says.
"""

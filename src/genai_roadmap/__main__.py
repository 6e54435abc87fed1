from genai_roadmap.cli import main

main()

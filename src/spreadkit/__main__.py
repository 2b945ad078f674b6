from spreadkit.cli import main

main()

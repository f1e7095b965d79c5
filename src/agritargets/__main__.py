from agritargets.cli import main

raise SystemExit(main())

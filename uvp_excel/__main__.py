from uvp_excel.cli import main

main()

"""Authoring-time script (not part of generated projects): builds the rag-chatbot sample
handbook.pdf, 8 pages with one bookmark per page, with PyMuPDF. Run it when the text changes:

    python make_handbook_pdf.py "../files/src/{{cookiecutter.package_name}}/data/handbook.pdf"
"""

import sys

import pymupdf

PAGES = [
("Welcome to Acme Cloud", [
"This handbook describes how we work at Acme Cloud GmbH. It applies to all permanent employees in Berlin, Lisbon and remote. Contractors follow the terms of their own contract.",
"Our core hours are 10:00 to 15:00 Central European Time. Outside the core hours you organise your own working time, as long as your team can reach you during the core hours.",
"Your first week is planned by your onboarding buddy, a colleague from another team who meets you every day of the first week. Every new employee receives a laptop, a headset and a welcome pack on the first day.",
]),
("Working time and vacation", [
"Full-time employees work 40 hours per week. Overtime is recorded in the time tracking tool and compensated with time off within three months.",
"Employees get 25 days of paid vacation per calendar year, plus public holidays. Up to 5 unused vacation days can be carried over to the next year and must be taken by 31 March.",
"Vacation requests are submitted in the HR portal at least two weeks in advance. Your manager approves or declines a request within three working days.",
]),
("Parental leave and family", [
"Parents receive 16 weeks of fully paid parental leave, whichever parent they are. The leave can be split into at most three blocks taken before the child turns two.",
"After parental leave you may work part time, between 20 and 32 hours per week, for up to two years, and then return to full time.",
"Acme Cloud pays a childcare allowance of 150 euros per month for each child under six years.",
]),
("Remote work and home office", [
"You may work remotely up to four days per week. Teams agree on one shared office day; most teams meet on Wednesdays.",
"Every employee gets a one-time home office budget of 800 euros for a desk, a chair and a monitor. Receipts are submitted through the expense tool within 60 days of the purchase.",
"Working from another country is allowed for up to 30 days per year, after HR has checked the tax and insurance rules for that country.",
]),
("Business travel and expenses", [
"Business trips are booked through the travel desk. Train is preferred over flying for trips under six hours.",
"The daily meal allowance on business trips is 45 euros. Hotels may cost up to 150 euros per night, or 200 euros per night in London, Paris and New York.",
"Expense reports are filed within 30 days of the end of the trip, with a receipt for every item over 10 euros. Reimbursements are paid with the next salary.",
]),
("Learning and development", [
"Every employee has a learning budget of 1,500 euros per year for courses, books and conferences, and 3 learning days per year that do not count as vacation.",
"Certifications that the company requires for your role are paid in full and do not use your learning budget.",
"Internal tech talks take place every second Thursday at 16:00; anyone can propose a talk to the people team.",
]),
("Health, safety and sick leave", [
"If you are sick, tell your manager before 10:00 on the first day. A doctor's note is needed from the fourth day of sickness.",
"Sick days never reduce your vacation. An occupational doctor is available every Tuesday in the Berlin office.",
"Every employee can use the confidential employee assistance programme, which offers six free counselling sessions per year.",
]),
("Pay, benefits and leaving", [
"Salaries are paid on the last working day of each month. Salary reviews happen once a year in April, based on the role's salary band.",
"Acme Cloud adds 4 percent of your salary to the company pension plan, and pays 50 euros per month towards a public transport ticket.",
"The notice period is one month during the six-month probation period and three months after it. Return your laptop and badge to the IT desk on your last day.",
]),
]

doc = pymupdf.open()
for number, (title, paragraphs) in enumerate(PAGES, 1):
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), title, fontsize=18, fontname="helv")
    rect = pymupdf.Rect(72, 120, 523, 760)
    text = "\n\n".join(paragraphs)
    left = page.insert_textbox(rect, text, fontsize=11, fontname="helv", lineheight=1.4)
    assert left >= 0, (number, left)
    page.insert_text((72, 800), f"Acme Cloud Employee Handbook - page {number} of {len(PAGES)}", fontsize=8,
                     fontname="helv")
doc.set_toc([[1, title, number] for number, (title, _) in enumerate(PAGES, 1)])
doc.set_metadata({"title": "Acme Cloud Employee Handbook", "author": "Acme Cloud People Team"})
doc.save(sys.argv[1], garbage=4, deflate=True)

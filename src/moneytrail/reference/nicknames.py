"""English given names and their nicknames (ROBERT, BOB, BOBBY...), as groups.

Leaf data: the model matches names with it, the synthetic donor generator writes variants from it.
"""

NICKNAMES = [
    {"ROBERT", "BOB", "BOBBY", "ROB", "ROBBIE", "BERT"}, {"WILLIAM", "BILL", "BILLY", "WILL", "WILLIE", "LIAM"},
    {"JAMES", "JIM", "JIMMY", "JAMIE"}, {"JOHN", "JACK", "JOHNNY", "JON"}, {"RICHARD", "RICK", "DICK", "RICH", "RICKY"},
    {"CHARLES", "CHARLIE", "CHUCK", "CHAS"}, {"THOMAS", "TOM", "TOMMY"}, {"JOSEPH", "JOE", "JOEY"},
    {"MICHAEL", "MIKE", "MICKEY"}, {"DAVID", "DAVE", "DAVEY"}, {"DANIEL", "DAN", "DANNY"},
    {"EDWARD", "ED", "EDDIE", "TED", "NED"},
    {"THEODORE", "TED", "TEDDY", "THEO"}, {"LUCIA", "LUCY"}, {"ELIZABETH", "LIZ", "BETH", "BETSY", "ELIZA", "LIZZIE"},
    {"KATHERINE", "CATHERINE", "KATHY", "KATE", "KATIE", "CATHY", "KAT"}, {"MARGARET", "MAGGIE", "PEGGY", "MEG"},
    {"PATRICIA", "PAT", "PATTY", "TRISH"}, {"PATRICK", "PAT", "PADDY"}, {"STEVEN", "STEPHEN", "STEVE"},
    {"ANTHONY", "TONY"}, {"CHRISTOPHER", "CHRIS"}, {"CHRISTINE", "CHRISTINA", "CHRIS", "TINA"},
    {"NICHOLAS", "NICK", "NICKY"}, {"ALEXANDER", "ALEX", "AL", "SANDY"}, {"ALEXANDRIA", "ALEXANDRA", "ALEX"},
    {"BENJAMIN", "BEN", "BENNY"}, {"SAMUEL", "SAM", "SAMMY"}, {"DOUGLAS", "DOUG"}, {"GREGORY", "GREG"},
    {"JEFFREY", "JEFF"}, {"KENNETH", "KEN", "KENNY"}, {"RONALD", "RON", "RONNIE"}, {"DONALD", "DON", "DONNIE"},
    {"GERALD", "JERRY"}, {"LAWRENCE", "LARRY"}, {"ANDREW", "ANDY", "DREW"}, {"TIMOTHY", "TIM", "TIMMY"},
    {"MATTHEW", "MATT"}, {"FREDERICK", "FRED", "FREDDIE"}, {"HAROLD", "HAL", "HARRY"}, {"HENRY", "HANK", "HARRY"},
    {"JENNIFER", "JENNY", "JEN"}, {"SUSAN", "SUE", "SUSIE"}, {"DEBORAH", "DEBRA", "DEBBIE", "DEB"},
    {"VICTORIA", "VICKY", "TORI"}, {"RAYMOND", "RAY"}, {"EUGENE", "GENE"}, {"LEONARD", "LEN", "LENNY"},
    {"ALBERT", "AL", "BERT"}, {"ALFRED", "AL", "FRED"}, {"FRANCIS", "FRANK"}, {"FRANKLIN", "FRANK"},
    {"PHILIP", "PHILLIP", "PHIL"}, {"JOSHUA", "JOSH"}, {"JACOB", "JAKE"}, {"ZACHARY", "ZACH", "ZACK"},
    {"ABIGAIL", "ABBY"}, {"REBECCA", "BECKY"}, {"JUDITH", "JUDY"}, {"ROSEMARY", "ROSE"}, {"TERESA", "THERESA", "TERRI"},
    {"VINCENT", "VINCE"}, {"WALTER", "WALT"}, {"MITCHELL", "MITCH"}, {"TERRENCE", "TERRY"}, {"ERNEST", "ERNIE"},
]

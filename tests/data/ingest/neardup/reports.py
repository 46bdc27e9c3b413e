"""Writes reports.jsonl: 40 short reports written for the near-duplicate evaluation (10 topics x 4
different events, so reports of one topic are hard negatives for each other)."""
import json
from pathlib import Path

R = [
# topic: shells PRK->RUS
("shells", "Seoul counts containers bound for Russia",
 "South Korea's defence ministry said on Tuesday that it had tracked roughly seven thousand shipping containers moving from North Korean ports to Russia since the autumn.\n\nAnalysts in Seoul believe most of the boxes held artillery rounds of Soviet calibres, which Russian gun crews in Ukraine fire faster than domestic plants can replace them.\n\nThe ministry did not say how it obtained the figures. Moscow and Pyongyang both deny any arms trade, which would breach several United Nations resolutions."),
("shells", "Satellite images show busy rail yard near the Tumen river",
 "Commercial satellite pictures taken over three weeks show dozens of freight wagons lined up at a rail terminal on the Russian side of the Tumen river, a researcher at a Washington think tank said.\n\nThe researcher said the wagons were loaded with crates of the size normally used for howitzer ammunition and then sent north along the Trans-Siberian line.\n\nHe cautioned that the pictures alone could not prove what the crates contained, but said the pattern matched earlier deliveries tied to the war."),
("shells", "Ukrainian gunners report duds among imported rounds",
 "Ukrainian artillery officers on the eastern front said that a growing share of shells fired at their positions failed to explode, and that fragments bore Korean markings.\n\nOne battery commander said about one round in five landed without detonating, which he blamed on poor storage and hurried production.\n\nUkraine's military intelligence agency said it was collecting the fragments to establish the factories and dates of manufacture."),
("shells", "Pyongyang factories run double shifts, defector group says",
 "A group of North Korean defectors based in Seoul said its contacts inside the country reported that munitions factories in Jagang province had moved to two shifts a day.\n\nAccording to the group, workers were told the extra output was needed for an important foreign customer, and were promised additional food rations in return.\n\nThe claims could not be checked independently. The group has in the past published reports that later proved accurate as well as some that did not."),
# drones IRN->RUS
("drones", "Kyiv says Iranian drones hit power plants overnight",
 "Ukraine's air force said Russian forces launched thirty-six Iranian-designed attack drones overnight, most of them aimed at power plants in the centre of the country.\n\nAir defence units shot down twenty-nine of them, the air force said, but the rest struck two substations and left several districts without electricity.\n\nTehran has repeatedly said it did not supply drones for use in the war, while acknowledging it sent a small number to Russia before the invasion began."),
("drones", "Drone factory in Tatarstan expands, leaked documents suggest",
 "Leaked procurement papers suggest a plant in the Alabuga special economic zone in Tatarstan is preparing to build several thousand long-range drones a year based on an Iranian design.\n\nThe papers list Iranian engineers among the staff and mention payments for production licences, according to journalists who reviewed them.\n\nThe Russian defence ministry did not respond to questions. Iranian officials have described their cooperation with Russia as purely civilian."),
("drones", "Western officials see new Iranian jet-powered drone in Russian hands",
 "Two Western officials said on Friday that Russia had received a first batch of jet-powered attack drones from Iran, a faster model that is harder for Ukrainian air defences to intercept.\n\nThe officials, who spoke on condition of anonymity, said the delivery was small but marked a step up from the propeller-driven models used so far.\n\nIran's mission to the United Nations called the allegation baseless and politically motivated."),
("drones", "Ukraine shows wreckage of drones with Iranian parts to diplomats",
 "Ukrainian officials displayed the wreckage of several attack drones to foreign diplomats in Kyiv on Wednesday, pointing to engines and navigation modules they said were made in Iran.\n\nThe head of the exhibit said serial numbers on the engines matched batches produced in the past year, showing that supplies had continued after sanctions were tightened.\n\nSeveral ambassadors said they would pass the findings to their governments, which are weighing further penalties on Iranian companies."),
# air defence to Ukraine
("airdef", "Germany to send another air-defence battery to Ukraine",
 "Germany will deliver a further air-defence battery to Ukraine within weeks, the defence minister said in Berlin on Thursday, as Russian missile strikes on cities intensify.\n\nThe system will come from German army stocks, the minister said, and will be replaced later with new equipment ordered from the manufacturer.\n\nUkraine's president thanked Berlin and urged other allies to follow, saying each battery protected a whole city from ballistic missiles."),
("airdef", "Netherlands and Denmark pool funds for Ukrainian air defence",
 "The Netherlands and Denmark said on Monday they would jointly finance radar units and launchers for Ukraine's air defences, drawing on a fund both governments set up last year.\n\nThe equipment will be bought from industry rather than from national stocks, the two defence ministers said, so deliveries may take until next spring.\n\nUkrainian officials have asked partners for at least seven more long-range systems to cover the country's main cities and power grid."),
("airdef", "Spain ships missiles for older air-defence launchers",
 "Spain has sent a batch of interceptor missiles to Ukraine for the older medium-range launchers it delivered last year, the Spanish defence ministry confirmed.\n\nThe ministry did not give the number of missiles, citing security reasons, but said the shipment had arrived in Poland and was handed over at the border.\n\nMadrid has been criticised by some allies for the small size of its aid, a charge the government rejects."),
("airdef", "Greece declines request to transfer air-defence systems",
 "Greece will not send its Soviet-era air-defence systems to Ukraine, the government spokesman said on Wednesday, arguing that they were needed to protect Greek islands.\n\nThe spokesman said Athens would instead contribute money to a European fund that buys ammunition for Kyiv, and would train Ukrainian crews on other equipment.\n\nThe decision disappointed officials in Washington who had hoped Greece would release the systems in exchange for replacements."),
# tanks
("tanks", "First Leopard tanks arrive in Ukraine",
 "The first Leopard 2 battle tanks promised by European governments have arrived in Ukraine, the Ukrainian defence minister said on social media on Monday.\n\nHe posted a photograph of himself beside one of the tanks and thanked the countries that had supplied them, without saying how many had been delivered.\n\nUkrainian crews trained on the tanks in Germany and Poland for several weeks before returning home with the vehicles."),
("tanks", "Poland to refurbish old tanks for Kyiv",
 "A state-owned repair plant in Poland will overhaul several dozen older tanks before they are sent to Ukraine, the company's chief executive said in an interview.\n\nThe work includes new engines and fire-control equipment and should be finished by the end of summer, he said, adding that spare parts remained the main bottleneck.\n\nPoland has already given Ukraine more than two hundred tanks from its own army's reserves since the start of the war."),
("tanks", "Australia sends retired tanks to Ukraine",
 "Australia will send dozens of retired battle tanks to Ukraine as part of a new aid package, the defence minister announced in Canberra on Thursday.\n\nThe tanks were withdrawn from Australian service after the army ordered a newer model, and have been stored at a depot in Victoria for about a year.\n\nThe minister said the package also included armoured ambulances and training for Ukrainian crews in a partner country."),
("tanks", "Portugal's tank pledge delayed by spare-parts shortage",
 "Portugal has delayed the delivery of three battle tanks it promised Ukraine in the spring because some needed repairs, local media reported on Tuesday.\n\nThe defence ministry said the tanks would be sent once they were fully operational, and that it was seeking spare parts from other operators of the same model.\n\nOpposition politicians accused the government of overpromising and demanded a full account of the country's military aid so far."),
# naval / general defence sales
("navy", "India signs deal for French submarines",
 "India has signed an agreement to buy three more diesel-electric submarines built with French technology, the defence ministry said in New Delhi.\n\nThe boats will be assembled at a shipyard in Mumbai, continuing a programme that has already delivered six submarines to the Indian navy over the past decade.\n\nThe deal is part of a wider effort to modernise India's fleet as Chinese naval activity in the Indian Ocean increases."),
("navy", "Philippines receives patrol vessels from Japan",
 "The Philippine coast guard took delivery of two new patrol vessels built in Japan, officials said at a ceremony in Manila on Friday.\n\nThe ships were financed through a low-interest loan from the Japanese government and will be used to patrol disputed waters in the South China Sea.\n\nJapan and the Philippines have stepped up security cooperation, and are negotiating an agreement that would allow their forces to train on each other's territory."),
("navy", "Thailand shelves Chinese submarine purchase",
 "Thailand has put its order for a Chinese-built submarine on hold after Germany refused to approve the export of the diesel engines the design required.\n\nThe Thai navy said it was considering a Chinese engine instead, but that any change would need approval from the cabinet and could delay delivery by years.\n\nThe project has been controversial at home, with critics arguing that the country has little need for submarines in its shallow waters."),
("navy", "Turkey launches corvette built for Pakistan",
 "A Turkish shipyard launched the first of four corvettes ordered by the Pakistani navy at a ceremony in Istanbul attended by officials from both countries.\n\nTwo of the ships are being built in Turkey and two in Karachi under a technology-transfer arrangement, the shipyard said.\n\nThe vessels are designed for anti-submarine warfare and will carry Turkish-made sensors and weapons."),
# small arms / trafficking
("guns", "Police seize rifles smuggled across the border",
 "Border police seized forty assault rifles and several thousand rounds of ammunition hidden in a truck carrying frozen vegetables, officials said on Sunday.\n\nThe driver was arrested at the crossing after sniffer dogs reacted to the cargo, police said, and investigators are trying to trace where the weapons came from.\n\nAuthorities say smuggling of firearms into the region has increased since a conflict in a neighbouring country ended with large stocks left unguarded."),
("guns", "UN panel traces weapons in Sudan to foreign suppliers",
 "A United Nations panel of experts said rifles and machine guns recovered in Darfur had been traced to several foreign manufacturers, some of them delivered in breach of an arms embargo.\n\nThe panel's report said the weapons reached the fighters through neighbouring countries, often disguised as humanitarian cargo on cargo flights.\n\nThe governments named in the report denied any involvement and questioned the panel's methods."),
("guns", "Arms buyback programme collects thousands of guns",
 "A voluntary gun buyback programme collected more than six thousand firearms in its first month, the national police said on Thursday.\n\nOwners received cash for each weapon handed in, with higher payments for automatic rifles, and no questions were asked about where the guns had come from.\n\nThe weapons will be destroyed at a steel plant in the presence of independent observers, the police said."),
("guns", "Court convicts broker over rifles sent to militia",
 "A court convicted an arms broker of organising the shipment of several hundred rifles to a militia in breach of national export laws, and sentenced him to six years in prison.\n\nProsecutors said the broker used shell companies and false end-user certificates to move the weapons through three countries.\n\nHis lawyers said they would appeal, arguing that their client believed the buyer was a licensed security firm."),
# general news: weather
("weather", "Storm knocks out power to thousands on the coast",
 "A winter storm with winds of up to one hundred and twenty kilometres an hour brought down trees and power lines along the coast overnight, leaving about forty thousand homes without electricity.\n\nThe utility company said crews were working to restore supplies but warned that some rural areas could be cut off until the weekend.\n\nSchools in three districts were closed and ferry services suspended as the storm moved inland."),
("weather", "Heatwave breaks temperature records in the south",
 "Temperatures reached forty-four degrees in several southern cities on Wednesday, breaking records that had stood for more than half a century, the national weather service said.\n\nHospitals reported a rise in admissions for heatstroke, and the health ministry urged older people to stay indoors during the afternoon.\n\nForecasters expect the heat to ease slightly at the weekend before a new spell next week."),
("weather", "Drought forces water restrictions in farming region",
 "Authorities in the farming region imposed limits on water use after the driest spring in forty years left reservoirs at less than a quarter of their capacity.\n\nFarmers will be allowed to irrigate only at night, and filling private swimming pools has been banned until further notice.\n\nAgricultural groups warned that the restrictions could cut the wheat harvest by a third and asked the government for emergency aid."),
("weather", "Floods displace families after river bursts its banks",
 "Hundreds of families were moved to emergency shelters after a river burst its banks following three days of heavy rain, officials said on Monday.\n\nSoldiers used boats to evacuate residents from low-lying villages, and several roads and a railway line were closed by the water.\n\nThe meteorological office said more rain was expected and warned that the river could rise further before peaking on Wednesday."),
# general news: economy
("economy", "Central bank holds interest rates steady",
 "The central bank left its main interest rate unchanged on Thursday, saying inflation was falling but remained above its target.\n\nThe governor told reporters that the bank would watch wage growth closely and was ready to act if prices began rising faster again.\n\nMost economists had expected the decision, though some had predicted a small cut given the weakness of the housing market."),
("economy", "Carmaker to cut jobs at two plants",
 "A major carmaker said it would cut about two thousand jobs at two of its domestic plants as demand for its petrol models declines.\n\nThe company said it would invest part of the savings in a new battery factory and that most of the cuts would come through early retirement.\n\nUnions called the plan a betrayal of workers and said they would consider strike action."),
("economy", "Unemployment falls to lowest level in a decade",
 "The unemployment rate fell to its lowest level in ten years last month, official figures showed on Friday, as employers in the services sector kept hiring.\n\nThe number of people in work rose by more than fifty thousand, with the biggest gains in hospitality and health care.\n\nEconomists cautioned that wage growth was slowing and that higher borrowing costs could weigh on hiring later in the year."),
("economy", "Retail sales drop as shoppers cut back",
 "Retail sales fell for the second month in a row in March, as higher food and energy prices led households to cut spending on clothes and furniture.\n\nThe statistics office said sales volumes were down two per cent from a year earlier, with department stores the hardest hit.\n\nRetailers warned that several chains could close shops unless consumer confidence recovered before the summer."),
# general: sport
("sport", "Home side wins cup final on penalties",
 "The home side won the cup final on penalties on Saturday after a goalless draw that went to extra time in front of a sold-out stadium.\n\nThe goalkeeper saved two spot kicks, and the captain scored the decisive penalty before running to celebrate with the fans behind the goal.\n\nIt was the club's first major trophy in more than twenty years, and thousands of supporters gathered in the city centre to celebrate."),
("sport", "Marathon record falls in windless conditions",
 "A Kenyan runner broke the course record at the city marathon on Sunday, finishing more than a minute faster than the previous best in cool and windless conditions.\n\nShe ran alone for the last ten kilometres after dropping her rivals at a water station, and crossed the line to loud applause.\n\nOrganisers said a record number of amateurs had taken part, raising money for local hospitals."),
("sport", "Tennis champion withdraws with wrist injury",
 "The defending champion withdrew from the tournament on Tuesday with a wrist injury, hours before her first-round match was due to start.\n\nShe said she had felt pain in practice and that doctors had advised her to rest for at least two weeks.\n\nHer withdrawal leaves the draw open, with the second seed now the favourite to win the title."),
("sport", "Cycling team dropped from race after doping case",
 "Organisers removed a cycling team from the race on Thursday after one of its riders tested positive for a banned substance.\n\nThe team said it had suspended the rider and that it had not known about the drug use, but accepted the organisers' decision.\n\nThe case is the third involving the team in two years, and the sport's governing body said it would review its licence."),
# general: science/health
("health", "Hospital opens new cancer treatment centre",
 "A new cancer treatment centre opened at the regional hospital on Monday, bringing radiotherapy to patients who previously had to travel more than two hours for care.\n\nThe centre has two treatment machines and will be able to see about eighty patients a day once fully staffed, the hospital said.\n\nPatient groups welcomed the opening but said staff shortages could delay the start of some services."),
("health", "Measles cases rise among unvaccinated children",
 "Health officials reported a sharp rise in measles cases this year, most of them in children who had not received the vaccine.\n\nThe national health agency said several schools had been affected and urged parents to check their children's vaccination records.\n\nDoctors said vaccination rates had fallen during the pandemic and had not yet recovered in some districts."),
("health", "Study links air pollution to memory problems",
 "A long-term study of older adults found that people living near busy roads were more likely to develop memory problems than those in cleaner areas.\n\nResearchers followed more than ten thousand people for twelve years, adjusting for income, education and smoking.\n\nThe authors said the findings did not prove that pollution caused the decline, but added to evidence that cleaner air benefits health."),
("health", "New rules limit sugar in children's drinks",
 "The government announced new rules limiting the amount of sugar in drinks marketed to children, to take effect at the start of next year.\n\nManufacturers will have to reduce sugar content by a third or face fines, and advertising of sugary drinks near schools will be banned.\n\nIndustry groups said the rules were unfair to small producers, while doctors welcomed them as overdue."),
]

out = Path(__file__).with_name("reports.jsonl")
with out.open("w", encoding="utf-8") as fh:
    for i, (topic, title, text) in enumerate(R):
        fh.write(json.dumps({"id": f"nd-{i:02d}", "topic": topic, "title": title, "text": text}) + "\n")
print(len(R), "reports written to", out)

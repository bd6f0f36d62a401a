% PowerWorld-style export: sub column, bus ties, an autotransformer, a blocker
function mpc = pw
mpc.version = '2';
mpc.baseMVA =  100.00;
mpc.bus = [
1	3	0	0	0	0	1	1.02	0	20.00	1	1.1	0.9
2	1	0	0	0	0	1	1.01	0	345.00	1	1.1	0.9
3	1	0	0	0	0	1	1.00	0	345.00	1	1.1	0.9
4	1	0	0	0	0	1	0.98	0	500.00	1	1.1	0.9
];
mpc.gen = [
1	500	100	9900	-9900	1.02	100	1	500	500	0	0	0	0	0	0	0	0	0	0	10
];
mpc.branch = [
1	2	0.0001	0.004	0	2000	0	0	1	0	1	0	0
2	3	0.000513	0.01	0	2000	0	0	0	0	1	0	0
4	3	0.00016	0.025	0	2000	0	0	1	0	1	0	0
];
%column_names% parent_index status g_gnd sub name
mpc.gmd_bus = {
-1	1	3.9	-1	'dc sub A'
-1	1	5.6	-1	'dc sub B'
1	1	0	1	'dc bus 1'
2	1	0	1	'dc bus 2'
3	1	0	2	'dc bus 3'
4	1	0	2	'dc bus 4'
};
%column_names% f_bus t_bus parent_type parent_index br_status br_r br_v len_km name
mpc.gmd_branch = {
4	5	'branch'	2	1	0.20353	170.78859	170.78859	'dc 2'	% line 2-3
4	1	'branch'	1	1	0.01984	0	0	'dc 1_hi'
6	5	'branch'	3	1	0.06667	0	0	'dc 3_series'
5	2	'branch'	3	1	0.33028	0	0	'dc 3_common'
3	1	'bus'	1	1	25000	0	0	'dc bus_3'
};
%column_names% hi_bus lo_bus gmd_br_hi gmd_br_lo gmd_k gmd_br_series gmd_br_common baseMVA type config
mpc.branch_gmd = {
2	1	2	-1	1.5	-1	-1	100	'xfmr'	'gwye-delta'
2	3	-1	-1	-1	-1	-1	100	'line'	'none'
4	3	-1	-1	1.8	3	4	100	'xfmr'	'gwye-gwye-auto'
};
%column_names% lat lon
mpc.bus_gmd = {
40	-89
40	-89
40	-87
40	-87
};
%column_names% gmd_bus status
mpc.gmd_blocker = [
	2	0;
];
